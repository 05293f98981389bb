package io.flinkstarters.benchmarks.harness;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Live input at a steady rate, event time = now, from a harness thread: what a job recovering from a
 * fault has to catch up with. The rate must stay well below the job's throughput, or it never catches up.
 */
public final class LiveFeed implements AutoCloseable {

    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile long produced;

    private LiveFeed(BenchStack stack, String topic, int eventsPerSecond, EventFeed.Shape shape, long eventTimeFloor) {
        EventFeed feed = new EventFeed(shape, JobSetup.healthDefaults(), Instant.now());
        thread = new Thread(() -> produce(stack, topic, eventsPerSecond, feed, eventTimeFloor), "bench-live-feed");
        thread.setDaemon(true);
        stack.cpu().harness(thread);
    }

    /** Creates the topic and feeds it, event time = now. */
    public static LiveFeed start(BenchStack stack, String topic, int eventsPerSecond, int users) {
        stack.kafka().createTopic(topic, BenchStack.PARALLELISM);
        return append(stack, topic, eventsPerSecond, users, 0);
    }

    /**
     * Feeds an existing topic, event time = now but never before {@code eventTimeFloor} (a pre-filled
     * topic ends with closing measurements ahead of the clock; live ones behind them would be late).
     */
    public static LiveFeed append(BenchStack stack, String topic, int eventsPerSecond, int users, long eventTimeFloor) {
        LiveFeed feed = new LiveFeed(
                stack,
                topic,
                eventsPerSecond,
                new EventFeed.Shape(Integer.MAX_VALUE, users, 0, 0, 0, 0, 7),
                eventTimeFloor);
        feed.thread.start();
        return feed;
    }

    public long produced() {
        return produced;
    }

    private void produce(BenchStack stack, String topic, int eventsPerSecond, EventFeed feed, long eventTimeFloor) {
        try (KafkaProducer<byte[], byte[]> producer = TopicFill.bulkProducer(stack.kafka())) {
            long started = System.nanoTime();
            long startedMillis = System.currentTimeMillis();
            long sent = 0;
            while (running) {
                long due = (System.nanoTime() - started) * eventsPerSecond / 1_000_000_000L;
                for (; sent < due; sent++) {
                    long now = System.currentTimeMillis();
                    EventFeed.Event event = feed.next(Math.max(now, eventTimeFloor + now - startedMillis));
                    producer.send(new ProducerRecord<>(topic, event.key(), event.value()), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                produced = sent;
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Throws if producing failed: a benchmark fed by a dead feed measures nothing. */
    public void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("The live feed failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
