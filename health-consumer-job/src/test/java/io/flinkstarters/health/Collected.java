package io.flinkstarters.health;

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

    private static final Duration POLL = Duration.ofMillis(50);

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
     * {@code explain} finds in the last items seen.
     */
    List<T> awaitUntil(Predicate<List<T>> condition, Duration timeout, Function<List<T>, ?> explain) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<T> seen = items();
            if (condition.test(seen)) {
                return seen;
            }
            if (failure.get() != null) {
                throw new AssertionError("collecting failed", failure.get());
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("Timed out after " + timeout + "; with " + items.size() + " items: " + explain.apply(items()));
    }

    /** Waits until the job's output has ended (the job finished), then returns all of it. */
    List<T> awaitEnd(Duration timeout) throws InterruptedException {
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
