package io.flinkstarters.testkit.internal;

import java.util.SplittableRandom;
import org.apache.flink.annotation.Internal;

/**
 * One direction of a fault proxy's link, shared by all its connections, as a real link is: it decides
 * when a chunk read now reaches the other side. A bandwidth limit serializes chunks (a chunk leaves
 * when the link has sent everything before it, plus its own size at the limit); latency is added after.
 */
@Internal
public final class ProxyLink {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final SplittableRandom random;
    private long busyUntilNanos = Long.MIN_VALUE;

    public ProxyLink(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The time (in {@link System#nanoTime()} terms) at which {@code bytes} read at {@code nowNanos} are delivered. */
    public long releaseTime(long nowNanos, int bytes, LinkConditions conditions) {
        long sent = nowNanos;
        if (conditions.limitsBandwidth()) {
            long start = Math.max(nowNanos, busyUntilNanos);
            busyUntilNanos = start + bytes * NANOS_PER_SECOND / conditions.bytesPerSecond();
            sent = busyUntilNanos;
        }
        long jitter = conditions.jitter().toNanos();
        return sent + conditions.latency().toNanos() + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
    }

    /**
     * How many bytes to read at once: 64 KiB, or about 20 ms worth at a bandwidth limit, so a slow link
     * delivers a steady trickle instead of one large chunk every few seconds.
     */
    public static int chunkSize(LinkConditions conditions) {
        int full = 64 * 1024;
        if (!conditions.limitsBandwidth()) {
            return full;
        }
        return (int) Math.max(256, Math.min(full, conditions.bytesPerSecond() / 50));
    }
}
