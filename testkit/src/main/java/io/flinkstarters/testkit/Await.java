package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Bounded polling, the only way the testkit waits: a condition is checked every
 * {@value #POLL_MILLIS} ms until it holds or the timeout passes, and a timeout says what was awaited
 * and what was seen last.
 */
@PublicEvolving
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {}

    /**
     * Polls {@code probe} until {@code done} accepts its value; returns that value.
     *
     * @throws AssertionError on timeout, naming {@code what} and the last value (or error) seen
     */
    public static <T> T until(String what, Callable<T> probe, Predicate<? super T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T seen = null;
        Exception lastError = null;
        do {
            try {
                seen = probe.call();
                lastError = null;
                if (done.test(seen)) {
                    return seen;
                }
            } catch (Exception e) {
                lastError = e;
            }
            pause();
        } while (System.nanoTime() < deadline);
        AssertionError timedOut = new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                + "; last seen: " + (lastError != null ? lastError : seen));
        if (lastError != null) {
            timedOut.addSuppressed(lastError);
        }
        throw timedOut;
    }

    /** Polls until {@code condition} is true. */
    public static void until(String what, Callable<Boolean> condition, Duration timeout) {
        until(what, condition, Boolean.TRUE::equals, timeout);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
