package io.flinkstarters.health;

import io.flinkstarters.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.util.CloseableIterator;

/**
 * Drains a job's collected output on a background thread, so a test can wait for a condition on what
 * has arrived so far, with a deadline and a message saying what was missing.
 */
final class Collected<T> implements AutoCloseable {

    private final List<T> items = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CloseableIterator<T> iterator;
    private final Thread drainer;
    private volatile boolean ended;

    Collected(String name, CloseableIterator<T> iterator) {
        this.iterator = iterator;
        this.drainer = new Thread(this::drain, "collect-" + name);
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain() {
        try {
            while (iterator.hasNext()) {
                items.add(iterator.next());
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            ended = true;
        }
    }

    /** Everything collected so far. */
    List<T> items() {
        return List.copyOf(items);
    }

    /**
     * Waits until the condition holds on what has arrived; fails after the timeout with the problems
     * {@code explain} finds in the last items seen, or at once if collecting failed.
     */
    List<T> awaitUntil(Predicate<List<T>> condition, Duration timeout, Function<List<T>, ?> explain) {
        try {
            return Await.until("the collected output", this::snapshot, seen -> condition.test(seen.items()), timeout)
                    .items();
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; " + explain.apply(items()), timedOut);
        }
    }

    /** What has arrived so far; prints as a count, so a timeout message stays readable. */
    private record Snapshot<T>(List<T> items) {
        @Override
        public String toString() {
            return items.size() + " items";
        }
    }

    private Snapshot<T> snapshot() {
        if (failure.get() != null) {
            throw new AssertionError("collecting failed", failure.get()); // an Error: Await stops at once
        }
        return new Snapshot<>(items());
    }

    /** Waits until the job's output has ended (the job finished), then returns all of it. */
    List<T> awaitEnd(Duration timeout) {
        return awaitUntil(seen -> ended, timeout, seen -> "the output did not end");
    }

    @Override
    public void close() {
        try {
            iterator.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the collected output", e);
        }
    }
}
