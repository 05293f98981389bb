package io.flinkstarters.health;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The validated {@code health.window} settings: event-time windows and the watermark that closes them.
 *
 * @param idleness zero means no idleness detection
 */
@PublicEvolving
public record WindowSettings(Duration size, Duration allowedLateness, Duration outOfOrderness, Duration idleness)
        implements Serializable {}
