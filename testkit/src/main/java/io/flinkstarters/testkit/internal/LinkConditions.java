package io.flinkstarters.testkit.internal;

import java.time.Duration;
import org.apache.flink.annotation.Internal;

/**
 * What every byte crossing a fault proxy suffers right now: added latency (fixed plus a uniformly drawn
 * jitter), a bandwidth limit (0 = none), a blackhole (nothing is delivered) and a reset (no connection
 * is kept or accepted). Faults combine: each active fault applies its effect to these conditions.
 */
@Internal
public record LinkConditions(Duration latency, Duration jitter, long bytesPerSecond, boolean blackhole, boolean reset) {

    /** A healthy link: no delay, no limit, everything delivered. */
    public static final LinkConditions HEALTHY = new LinkConditions(Duration.ZERO, Duration.ZERO, 0, false, false);

    public LinkConditions withLatency(Duration fixed, Duration jitterUpTo) {
        return new LinkConditions(fixed, jitterUpTo, bytesPerSecond, blackhole, reset);
    }

    public LinkConditions withBandwidth(long limit) {
        return new LinkConditions(latency, jitter, limit, blackhole, reset);
    }

    public LinkConditions withBlackhole() {
        return new LinkConditions(latency, jitter, bytesPerSecond, true, reset);
    }

    public LinkConditions withReset() {
        return new LinkConditions(latency, jitter, bytesPerSecond, blackhole, true);
    }

    public boolean limitsBandwidth() {
        return bytesPerSecond > 0;
    }
}
