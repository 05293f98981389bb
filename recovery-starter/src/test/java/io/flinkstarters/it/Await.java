package io.flinkstarters.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Bounded polling: wait for a condition, and say what was awaited and what was last seen when it times out. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {}

    static <T> T until(String what, Callable<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T seen = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                seen = probe.call();
                lastError = null;
                if (done.test(seen)) {
                    return seen;
                }
            } catch (Exception e) {
                lastError = e;
            }
            Thread.sleep(POLL.toMillis());
        }
        AssertionError timedOut = new AssertionError(
                "Timed out after " + timeout + " waiting for " + what + "; last seen: " + seen);
        if (lastError != null) {
            timedOut.addSuppressed(lastError);
        }
        throw timedOut;
    }
}
