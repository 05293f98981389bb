package io.flinkstarters.testkit.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.annotation.Internal;

/** What a fault proxy has done so far; written by its loop thread, read by anyone. */
@Internal
public final class ProxyCounters {

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong acceptedWhileBlackholed = new AtomicLong();
    final AtomicInteger open = new AtomicInteger();
    final AtomicLong cut = new AtomicLong();
    final AtomicLong upstreamFailures = new AtomicLong();
    final AtomicLong bytesToServer = new AtomicLong();
    final AtomicLong bytesToClient = new AtomicLong();
    final AtomicLong longestHoldNanos = new AtomicLong();

    void held(long nanos) {
        longestHoldNanos.accumulateAndGet(nanos, Math::max);
    }

    public long accepted() {
        return accepted.get();
    }

    public long acceptedWhileBlackholed() {
        return acceptedWhileBlackholed.get();
    }

    public int open() {
        return open.get();
    }

    public long cut() {
        return cut.get();
    }

    public long upstreamFailures() {
        return upstreamFailures.get();
    }

    public long bytesToServer() {
        return bytesToServer.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    public long longestHoldNanos() {
        return longestHoldNanos.get();
    }
}
