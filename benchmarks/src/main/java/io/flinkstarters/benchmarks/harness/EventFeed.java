package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.MetricRule;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Realistic health measurements for benchmarks, generated one at a time (the job's test generator,
 * {@code HealthEventGenerator}, holds a whole data set in memory and is test-scope; millions of events
 * need a stream). Per-metric values within the job's ranges, metric types in the proportions apps report
 * them, a share of producer retries (same bytes again), of out-of-range values and of truncated bytes.
 *
 * <p>It counts what the job must produce: one aggregate per (user, metric, window) of the valid,
 * first-seen measurements, one dead letter per bad record. Event time advances by {@code spacing} per
 * measurement, so each partition (the key is the user id) is in event-time order and nothing is late.
 */
public final class EventFeed {

    /** What to generate: {@code users} users, event time advancing {@code spacingMillis} per event from {@code start}. */
    public record Shape(
            int events,
            int users,
            long spacingMillis,
            double duplicates,
            double invalid,
            double undecodable,
            long seed) {
        String key() {
            return events + "/" + users + "/" + spacingMillis + "/" + duplicates + "/" + invalid + "/" + undecodable
                    + "/" + seed;
        }
    }

    /** One record for the events topic. */
    public record Event(byte[] key, byte[] value) {}

    private static final String[] SOURCES = {null, "apple-health", "google-fit", "garmin-connect"};
    private static final MetricType[] METRICS = MetricType.values();
    /** Metric types in the proportions apps report them (as the job's test generator): heart rate often, blood pressure rarely. */
    private static final double[] WEIGHTS = {0.35, 0.25, 0.10, 0.08, 0.07, 0.075, 0.075};

    private final Shape shape;
    private final HealthJobSettings settings;
    private final Random random;
    private final SpecificDatumWriter<HealthEvent> writer = new SpecificDatumWriter<>(HealthEvent.class);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final long windowMillis;
    private final Set<String> windows = new HashSet<>();
    private BinaryEncoder encoder;
    private long clock;
    private long maxEventTime = Long.MIN_VALUE;
    private long valid;
    private long duplicates;
    private long deadLetters;
    private long undecodable;
    private Event pendingDuplicate;

    /**
     * @param start event time of the first measurement
     */
    public EventFeed(Shape shape, HealthJobSettings settings, Instant start) {
        this.shape = shape;
        this.settings = settings;
        this.random = new Random(shape.seed());
        this.windowMillis = settings.window().size().toMillis();
        this.clock = start.toEpochMilli();
    }

    /** The next record: a measurement, a retry of the previous one, or a bad record. */
    public Event next() {
        if (pendingDuplicate != null) {
            Event duplicate = pendingDuplicate;
            pendingDuplicate = null;
            duplicates++;
            return duplicate;
        }
        clock += shape.spacingMillis();
        return next(clock);
    }

    /** The next record with the given event time (a live feed uses the wall clock). */
    public Event next(long eventTime) {
        double roll = random.nextDouble();
        HealthEvent event = measurement(eventTime);
        if (roll < shape.undecodable()) {
            deadLetters++;
            undecodable++;
            byte[] encoded = encode(event);
            return new Event(key(event), Arrays.copyOf(encoded, 1 + random.nextInt(encoded.length - 1)));
        }
        if (roll < shape.undecodable() + shape.invalid()) {
            deadLetters++;
            MetricRule rule = settings.validation().rule(event.getMetricType());
            event.setValue(rule.max() + 1 + random.nextInt(100));
            return new Event(key(event), encode(event));
        }
        valid++;
        maxEventTime = Math.max(maxEventTime, eventTime);
        windows.add(event.getUserId()
                + '/'
                + event.getMetricType().ordinal()
                + '/'
                + Math.floorDiv(eventTime, windowMillis));
        Event record = new Event(key(event), encode(event));
        if (random.nextDouble() < shape.duplicates()) {
            pendingDuplicate = record;
        }
        return record;
    }

    /**
     * One measurement per user far enough ahead of every measurement so far that all their windows
     * close (window, allowed lateness and out-of-orderness passed), as a device's next reading would.
     * Their own windows stay open and are not expected.
     */
    public Event[] closing() {
        long time = closingTime();
        Event[] closing = new Event[shape.users()];
        for (int user = 0; user < shape.users(); user++) {
            HealthEvent event = event(userId(user), MetricType.HEART_RATE, 60, time);
            closing[user] = new Event(key(event), encode(event));
        }
        return closing;
    }

    /** Event time of the {@link #closing()} measurements. */
    public long closingTime() {
        return maxEventTime
                + settings.window().outOfOrderness().toMillis()
                + settings.window().allowedLateness().toMillis()
                + 2 * windowMillis;
    }

    /** Measurements that pass validation, duplicates excluded. */
    public long valid() {
        return valid;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Records the job rejects (undecodable, out of range): each becomes one dead letter. */
    public long deadLetters() {
        return deadLetters;
    }

    /** Records that are not a measurement at all (truncated bytes): a share of the {@link #deadLetters()}. */
    public long undecodable() {
        return undecodable;
    }

    /** Windows (user, metric, window) with at least one valid measurement: each becomes one aggregate once closed. */
    public long aggregates() {
        return windows.size();
    }

    private HealthEvent measurement(long time) {
        MetricType metric = metricType();
        MetricRule rule = settings.validation().rule(metric);
        double value = Math.min(rule.max(), Math.max(rule.min(), realistic(metric)));
        return event(userId(random.nextInt(shape.users())), metric, value, time);
    }

    private HealthEvent event(String userId, MetricType metric, double value, long time) {
        return HealthEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setUserId(userId)
                .setDeviceId((random.nextBoolean() ? "watch-" : "phone-") + userId.substring(5))
                .setMetricType(metric)
                .setValue(value)
                .setUnit(settings.validation().rule(metric).unit())
                .setEventTime(Instant.ofEpochMilli(time))
                .setSource(SOURCES[random.nextInt(SOURCES.length)])
                .build();
    }

    /** Values as devices report them: whole beats, steps and mmHg, temperatures to a tenth of a degree. */
    private double realistic(MetricType metric) {
        return switch (metric) {
            case HEART_RATE -> Math.round(Math.min(180, Math.max(45, 72 + 12 * random.nextGaussian())));
            case STEPS -> random.nextInt(181);
            case BLOOD_OXYGEN -> 94 + random.nextInt(7);
            case BODY_TEMPERATURE ->
                Math.round(Math.min(39.5, Math.max(35.5, 36.8 + 0.3 * random.nextGaussian())) * 10) / 10.0;
            case SLEEP_MINUTES -> 1 + random.nextInt(30);
            case SYSTOLIC_BP -> Math.round(Math.min(170, Math.max(90, 118 + 10 * random.nextGaussian())));
            case DIASTOLIC_BP -> Math.round(Math.min(105, Math.max(55, 76 + 7 * random.nextGaussian())));
        };
    }

    private MetricType metricType() {
        double roll = random.nextDouble();
        for (int i = 0; i < WEIGHTS.length; i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return METRICS[i];
            }
        }
        return MetricType.HEART_RATE;
    }

    private static String userId(int user) {
        return "user-" + user;
    }

    private static byte[] key(HealthEvent event) {
        return event.getUserId().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encode(HealthEvent event) {
        bytes.reset();
        encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
