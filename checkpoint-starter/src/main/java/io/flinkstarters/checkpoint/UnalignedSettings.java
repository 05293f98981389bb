package io.flinkstarters.checkpoint;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Unaligned checkpoints: barriers overtake in-flight data, so checkpoints stay fast under
 * backpressure at the cost of larger checkpoints.
 *
 * @param alignedTimeout start aligned and switch to unaligned after this long; zero means unaligned
 *     from the start
 * @param interruptibleTimers let a barrier overtake timers being fired (in operators that support it),
 *     so a burst of timers does not hold up an unaligned checkpoint
 */
@PublicEvolving
public record UnalignedSettings(boolean enabled, Duration alignedTimeout, boolean interruptibleTimers) {}
