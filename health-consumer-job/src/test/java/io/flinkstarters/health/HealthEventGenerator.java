package io.flinkstarters.health;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.AdditiveMetrics;
import io.flinkstarters.health.internal.HealthEventDecoder;
import io.flinkstarters.health.internal.HealthEventValidator;
import io.flinkstarters.health.internal.MetricStats;
import io.flinkstarters.health.internal.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Seeded, realistic health measurements for tests and local runs, with a configurable share of
 * duplicates, invalid, undecodable, out-of-order and late records, and the exact output the job must
 * produce for them.
 *
 * <pre>{@code
 * HealthEventGenerator.Dataset data = HealthEventGenerator.builder(settings).seed(42).events(2_000).build().generate();
 * produce(data.onTime());                          // phase 1, in this order, keyed as given
 * await(data.aggregateDifferences(read()).isEmpty());
 * produce(data.late());                            // phase 2: only once phase 1's aggregates are visible
 * await(data.deadLetterDifferences(readDeadLetters()).isEmpty());
 * }</pre>
 *
 * <h2>Why two phases, and what the expectations assume</h2>
 *
 * Whether a record is late depends on the watermark when it arrives, which is emitted periodically and
 * so depends on timing. The generator removes timing from the outcome:
 *
 * <ul>
 *   <li><b>On-time phase.</b> An out-of-order measurement is at most {@code out-of-orderness} older than
 *       the newest valid one before it, so it is never late for a reader that sees the records in the
 *       generated order. The phase ends with one <em>closing</em> measurement per user, far enough ahead
 *       ({@link Dataset#closingTime()}) to close and purge every window of the phase. Their own windows
 *       stay open (a bounded run emits them at the end: recognise them with
 *       {@link Dataset#isClosingWindow}).
 *   <li><b>Late phase.</b> Measurements inside windows the closing records purged: late, whatever the
 *       timing, provided they are produced after phase 1's aggregates are visible (which proves the
 *       window operator saw the closing watermark).
 * </ul>
 *
 * Keys are user ids, so a user's records stay in order in one partition. A source subtask that reads
 * several partitions interleaves them, though; for such a setup choose {@code out-of-orderness} larger
 * than the phase's span of event time ({@link Dataset#onTimeSpan()}), or one partition per subtask.
 * Mean and sum of a window depend on the order of floating-point additions, so
 * {@link Dataset#aggregateDifferences} compares them with a relative tolerance of 1e-9.
 */
public final class HealthEventGenerator {

    /** What a generated record is, and so what the job must do with it. */
    public enum Kind {
        /** A plausible measurement, in event-time order: counted in its window. */
        VALID,
        /** A plausible measurement older than the newest one so far, within out-of-orderness: counted. */
        OUT_OF_ORDER,
        /** An exact copy of an earlier VALID or OUT_OF_ORDER record (a producer retry): dropped. */
        DUPLICATE,
        /** Decodes, breaks one validation rule: a dead letter naming that rule. */
        INVALID,
        /** Not a HealthEvent (garbage, truncated, empty, trailing bytes): a dead letter, undecodable. */
        UNDECODABLE,
        /** Ends the on-time phase, one per user: moves the watermark past every window of the phase. */
        CLOSING,
        /** The late phase: a dead letter with reason late. */
        LATE
    }

    /**
     * One Kafka record to produce.
     *
     * @param key the user id (UTF-8)
     * @param value what to produce as the value
     * @param event the measurement, if the value is one
     * @param rejectedAs the rule its dead letter must name, if the job must reject it
     */
    public record Record(
            byte[] key, byte[] value, Kind kind, Optional<HealthEvent> event, Optional<DeadLetterReason> rejectedAs) {

        @Override
        public String toString() {
            return kind
                    + event.map(e -> " " + e.getUserId() + " " + e.getMetricType() + " " + e.getValue() + " @"
                                    + e.getEventTime())
                            .orElse(" " + value.length + " bytes")
                    + rejectedAs.map(rule -> " -> " + rule.id()).orElse("");
        }
    }

    /** A dead letter the job must write: the original value, and the rule its reason must name first. */
    public record ExpectedDeadLetter(byte[] original, DeadLetterReason rule) {

        /** {@code rule/hex-of-original}: compare multisets of these with {@link #identityOf(DeadLetter)}. */
        public String identity() {
            return rule.id() + "/" + HexFormat.of().formatHex(original);
        }

        public static String identityOf(DeadLetter actual) {
            String rule = DeadLetterReason.of(actual.getReason())
                    .map(DeadLetterReason::id)
                    .orElse("unknown(" + actual.getReason() + ")");
            return rule + "/" + HexFormat.of().formatHex(AvroBytes.bytes(actual.getOriginal()));
        }
    }

    /**
     * What was generated and what the job must make of it.
     *
     * @param onTime phase 1, to be produced in this order (ends with the closing records)
     * @param late phase 2, to be produced once phase 1's aggregates are visible
     * @param expectedAggregates every window of phase 1, each once, sorted by user, metric and window start
     * @param expectedDeadLetters of both phases, in generation order
     * @param closingTime the event time of the closing records
     */
    public record Dataset(
            List<Record> onTime,
            List<Record> late,
            List<HealthAggregate> expectedAggregates,
            List<ExpectedDeadLetter> expectedDeadLetters,
            Instant closingTime,
            Duration onTimeSpan) {

        /** Both phases, in production order. */
        public List<Record> all() {
            List<Record> all = new ArrayList<>(onTime);
            all.addAll(late);
            return all;
        }

        public long count(Kind kind) {
            return all().stream().filter(record -> record.kind() == kind).count();
        }

        /** Whether an aggregate is of a closing record's window (open until the stream ends). */
        public boolean isClosingWindow(HealthAggregate aggregate) {
            return aggregate.getWindowEnd().isAfter(closingTime);
        }

        /**
         * What is wrong with the aggregates read from the output, one line per window: missing, emitted
         * more than once, different, or unexpected. Empty when the output is exactly right. Closing
         * windows are ignored.
         */
        public List<String> aggregateDifferences(Collection<HealthAggregate> actual) {
            Map<String, List<HealthAggregate>> byWindow = actual.stream()
                    .filter(aggregate -> !isClosingWindow(aggregate))
                    .collect(Collectors.groupingBy(HealthEventGenerator::windowOf, TreeMap::new, Collectors.toList()));
            List<String> differences = new ArrayList<>();
            for (HealthAggregate expected : expectedAggregates) {
                List<HealthAggregate> found = byWindow.remove(windowOf(expected));
                if (found == null) {
                    differences.add("missing " + describe(expected));
                } else if (found.size() > 1) {
                    differences.add("emitted " + found.size() + " times: " + describe(expected));
                } else if (!sameStatistics(expected, found.get(0))) {
                    differences.add("expected " + describe(expected) + " but was " + describe(found.get(0)));
                }
            }
            byWindow.values()
                    .forEach(unexpected ->
                            unexpected.forEach(aggregate -> differences.add("unexpected " + describe(aggregate))));
            return differences;
        }

        /** What is wrong with the dead letters read from the output (as multisets of rule and original bytes); empty when exactly right. */
        public List<String> deadLetterDifferences(Collection<DeadLetter> actual) {
            Map<String, Long> remaining = expectedDeadLetters.stream()
                    .collect(Collectors.groupingBy(
                            ExpectedDeadLetter::identity, LinkedHashMap::new, Collectors.counting()));
            List<String> differences = new ArrayList<>();
            for (DeadLetter deadLetter : actual) {
                String identity = ExpectedDeadLetter.identityOf(deadLetter);
                if (remaining.merge(identity, -1L, Long::sum) < 0) {
                    differences.add("unexpected (or duplicated) dead letter " + deadLetter.getReason() + " at "
                            + deadLetter.getTopic() + "-" + deadLetter.getPartition() + "@" + deadLetter.getOffset());
                }
            }
            remaining.forEach((identity, count) -> {
                for (long i = 0; i < count; i++) {
                    differences.add("missing dead letter " + identity);
                }
            });
            return differences;
        }
    }

    /** Metric types in the proportions apps report them: heart rate often, blood pressure rarely. */
    private static final Map<MetricType, Double> METRIC_WEIGHTS = weights();

    private static final String[] SOURCES = {null, "apple-health", "google-fit", "garmin-connect"};

    private static final double TOLERANCE = 1e-9;

    private final HealthJobSettings settings;
    private final long seed;
    private final int users;
    private final int events;
    private final Instant start;
    private final Duration spacing;
    private final double duplicateShare;
    private final double invalidShare;
    private final double undecodableShare;
    private final double outOfOrderShare;
    private final double lateShare;

    private HealthEventGenerator(Builder builder) {
        this.settings = builder.settings;
        this.seed = builder.seed;
        this.users = builder.users;
        this.events = builder.events;
        this.start = builder.start;
        this.spacing = builder.spacing;
        this.duplicateShare = builder.duplicateShare;
        this.invalidShare = builder.invalidShare;
        this.undecodableShare = builder.undecodableShare;
        this.outOfOrderShare = builder.outOfOrderShare;
        this.lateShare = builder.lateShare;
    }

    /** A generator for the job's defaults (reference.conf). */
    public static Builder builder() {
        return builder(HealthJobSettings.from(ConfigFactory.empty()));
    }

    /** A generator whose values, units, windows and lateness match these settings. */
    public static Builder builder(HealthJobSettings settings) {
        return new Builder(settings);
    }

    /** Defaults: seed 42, 5 users, 1 000 events 1 s apart from 2025-01-01, 5 % duplicates, 5 % invalid, 2 % undecodable, 10 % out of order, 2 % late. */
    public static final class Builder {
        private final HealthJobSettings settings;
        private long seed = 42;
        private int users = 5;
        private int events = 1_000;
        private Instant start = Instant.parse("2025-01-01T00:00:00Z");
        private Duration spacing = Duration.ofSeconds(1);
        private double duplicateShare = 0.05;
        private double invalidShare = 0.05;
        private double undecodableShare = 0.02;
        private double outOfOrderShare = 0.10;
        private double lateShare = 0.02;

        private Builder(HealthJobSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder users(int users) {
            this.users = positive(users, "users");
            return this;
        }

        /** Records of the on-time phase, before duplicates and closing records are added. */
        public Builder events(int events) {
            this.events = positive(events, "events");
            return this;
        }

        /** Event time of the first measurement; keep it in the past (the job rejects the future). */
        public Builder start(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Average event time between consecutive records. */
        public Builder spacing(Duration spacing) {
            if (spacing.isNegative() || spacing.isZero()) {
                throw new IllegalArgumentException("spacing must be positive: " + spacing);
            }
            this.spacing = spacing;
            return this;
        }

        /** Share of valid measurements that are sent a second time. */
        public Builder duplicates(double share) {
            this.duplicateShare = share(share, "duplicates");
            return this;
        }

        /** Share of records that decode but break a validation rule. */
        public Builder invalid(double share) {
            this.invalidShare = share(share, "invalid");
            return this;
        }

        /** Share of records that are not HealthEvents at all. */
        public Builder undecodable(double share) {
            this.undecodableShare = share(share, "undecodable");
            return this;
        }

        /** Share of valid measurements that arrive out of event-time order (never late). */
        public Builder outOfOrder(double share) {
            this.outOfOrderShare = share(share, "outOfOrder");
            return this;
        }

        /** Late records, as a share of {@link #events(int)}. */
        public Builder late(double share) {
            this.lateShare = share(share, "late");
            return this;
        }

        public HealthEventGenerator build() {
            if (invalidShare + undecodableShare > 1) {
                throw new IllegalArgumentException("invalid + undecodable must not exceed 1");
            }
            return new HealthEventGenerator(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }

        private static double share(double value, String name) {
            if (value < 0 || value > 1) {
                throw new IllegalArgumentException(name + " must be a share from 0 to 1: " + value);
            }
            return value;
        }
    }

    /** Generates the records and the expected output; the same settings and seed give the same bytes. */
    public Dataset generate() {
        return new Run().generate();
    }

    /** The state of one generation: a fresh random source, so generate() can be called again with the same result. */
    private final class Run {
        private final Random random = new Random(seed);
        private final HealthEventDecoder decoder = new HealthEventDecoder();
        private final HealthEventValidator validator = new HealthEventValidator(settings.validation());
        private final long now = System.currentTimeMillis();
        private final Map<String, MetricStats> windows = new TreeMap<>();
        private final Map<String, HealthAggregate> windowKeys = new HashMap<>();
        private final List<ExpectedDeadLetter> deadLetters = new ArrayList<>();
        private final long sizeMillis = settings.window().size().toMillis();
        private final long outOfOrdernessMillis =
                settings.window().outOfOrderness().toMillis();
        private long minValidTime = Long.MAX_VALUE;
        private long maxValidTime = Long.MIN_VALUE;

        Dataset generate() {
            List<Record> onTime = new ArrayList<>();
            List<Pending> pending = new ArrayList<>();
            long clock = start.toEpochMilli();
            for (int i = 0; i < events; i++) {
                clock += Math.max(1, Math.round(spacing.toMillis() * (0.5 + random.nextDouble())));
                double roll = random.nextDouble();
                if (roll < undecodableShare) {
                    onTime.add(undecodable());
                } else if (roll < undecodableShare + invalidShare) {
                    onTime.add(invalid(clock));
                } else {
                    Record valid = valid(clock);
                    onTime.add(valid);
                    if (random.nextDouble() < duplicateShare) {
                        // A retry arrives right after the original or a few records later.
                        pending.add(new Pending(
                                new Record(valid.key(), valid.value(), Kind.DUPLICATE, valid.event(), Optional.empty()),
                                random.nextInt(4)));
                    }
                }
                releaseDue(pending, onTime);
            }
            pending.forEach(duplicate -> onTime.add(duplicate.record()));
            if (maxValidTime == Long.MIN_VALUE) {
                throw new IllegalStateException(
                        "no valid measurement was generated; raise events or lower the invalid and undecodable shares");
            }

            Instant closingTime = Instant.ofEpochMilli(maxValidTime)
                    .plus(settings.window().outOfOrderness())
                    .plus(settings.window().allowedLateness())
                    .plus(settings.window().size().multipliedBy(2));
            for (int user = 1; user <= users; user++) {
                HealthEvent closing = event(userId(user), MetricType.HEART_RATE, 60, closingTime.toEpochMilli());
                onTime.add(record(closing, Kind.CLOSING, Optional.empty()));
            }

            List<Record> late = new ArrayList<>();
            long lateCount = Math.round(events * lateShare);
            for (int i = 0; i < lateCount; i++) {
                long time = minValidTime + (long) (random.nextDouble() * (maxValidTime - minValidTime));
                HealthEvent event = measurement(time);
                expectValid(event);
                Record record = record(event, Kind.LATE, Optional.of(DeadLetterReason.LATE));
                late.add(record);
                deadLetters.add(new ExpectedDeadLetter(record.value(), DeadLetterReason.LATE));
            }
            return new Dataset(
                    List.copyOf(onTime),
                    List.copyOf(late),
                    aggregates(),
                    List.copyOf(deadLetters),
                    closingTime,
                    Duration.ofMillis(maxValidTime - minValidTime));
        }

        private void releaseDue(List<Pending> pending, List<Record> out) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending duplicate = it.next();
                if (duplicate.delay() == 0) {
                    out.add(duplicate.record());
                    it.remove();
                }
            }
            pending.replaceAll(duplicate -> new Pending(duplicate.record(), duplicate.delay() - 1));
        }

        private Record valid(long clock) {
            boolean outOfOrder =
                    maxValidTime != Long.MIN_VALUE && outOfOrdernessMillis > 0 && random.nextDouble() < outOfOrderShare;
            // At most out-of-orderness behind the newest measurement: the watermark (newest - out-of-orderness - 1 ms)
            // is behind it.
            long time = outOfOrder ? maxValidTime - 1 - (long) (random.nextDouble() * outOfOrdernessMillis) : clock;
            HealthEvent event = measurement(time);
            expectValid(event);
            count(event);
            minValidTime = Math.min(minValidTime, time);
            maxValidTime = Math.max(maxValidTime, time);
            return record(event, outOfOrder ? Kind.OUT_OF_ORDER : Kind.VALID, Optional.empty());
        }

        private Record invalid(long clock) {
            HealthEvent.Builder event = HealthEvent.newBuilder(measurement(clock));
            MetricRule rule = settings.validation().rule(event.getMetricType());
            DeadLetterReason expected;
            switch (random.nextInt(7)) {
                case 0 -> {
                    event.setValue(rule.max() + 1 + random.nextInt(100));
                    expected = DeadLetterReason.RANGE;
                }
                case 1 -> {
                    event.setValue(rule.min() - 1 - random.nextInt(100));
                    expected = DeadLetterReason.RANGE;
                }
                case 2 -> {
                    event.setUnit("furlongs");
                    expected = DeadLetterReason.UNIT;
                }
                case 3 -> {
                    event.setValue(Double.NaN);
                    expected = DeadLetterReason.FINITE_VALUE;
                }
                case 4 -> {
                    event.setUserId("");
                    expected = DeadLetterReason.REQUIRED_FIELD;
                }
                case 5 -> {
                    event.setEventId(" ");
                    expected = DeadLetterReason.REQUIRED_FIELD;
                }
                default -> {
                    // A device whose clock says 2100: in the future for as long as this code lives.
                    event.setEventTime(Instant.parse("2100-01-01T00:00:00Z").plusSeconds(random.nextInt(86_400)));
                    expected = DeadLetterReason.FUTURE_EVENT_TIME;
                }
            }
            HealthEvent built = event.build();
            List<DeadLetterReason> broken = validator.violations(built, now).stream()
                    .map(Violation::rule)
                    .toList();
            if (!broken.equals(List.of(expected))) {
                throw new IllegalStateException(
                        "generated " + built + " to break " + expected + " but it breaks " + broken);
            }
            Record record = record(built, Kind.INVALID, Optional.of(expected));
            deadLetters.add(new ExpectedDeadLetter(record.value(), expected));
            return record;
        }

        private Record undecodable() {
            byte[] key = userId(1 + random.nextInt(users)).getBytes(StandardCharsets.UTF_8);
            byte[] value = switch (random.nextInt(4)) {
                case 0 -> garbage();
                case 1 -> {
                    byte[] valid = AvroBytes.encode(measurement(start.toEpochMilli()));
                    yield Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
                }
                case 2 -> new byte[0];
                default -> {
                    byte[] valid = AvroBytes.encode(measurement(start.toEpochMilli()));
                    byte[] longer = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(4));
                    longer[longer.length - 1] = (byte) (1 + random.nextInt(127));
                    yield longer;
                }
            };
            if (decoder.decode(value).event().isPresent()) {
                throw new IllegalStateException("generated undecodable bytes that decode: "
                        + HexFormat.of().formatHex(value));
            }
            deadLetters.add(new ExpectedDeadLetter(value, DeadLetterReason.UNDECODABLE));
            return new Record(
                    key, value, Kind.UNDECODABLE, Optional.empty(), Optional.of(DeadLetterReason.UNDECODABLE));
        }

        /** Random bytes that are not a HealthEvent (random bytes almost never are; the decoder has the last word). */
        private byte[] garbage() {
            while (true) {
                byte[] bytes = new byte[8 + random.nextInt(57)];
                random.nextBytes(bytes);
                if (decoder.decode(bytes).failure().isPresent()) {
                    return bytes;
                }
            }
        }

        private void expectValid(HealthEvent event) {
            List<Violation> violations = validator.violations(event, now);
            if (!violations.isEmpty()) {
                throw new IllegalStateException(
                        "generated a valid measurement that breaks " + violations + ": " + event);
            }
        }

        private void count(HealthEvent event) {
            long time = event.getEventTime().toEpochMilli();
            long windowStart = time - Math.floorMod(time, sizeMillis);
            HealthAggregate key = HealthAggregate.newBuilder()
                    .setUserId(event.getUserId())
                    .setMetricType(event.getMetricType())
                    .setWindowStart(Instant.ofEpochMilli(windowStart))
                    .setWindowEnd(Instant.ofEpochMilli(windowStart + sizeMillis))
                    .setCount(0)
                    .setMin(0)
                    .setMax(0)
                    .setMean(0)
                    .build();
            String window = windowOf(key);
            windowKeys.putIfAbsent(window, key);
            windows.merge(window, MetricStats.EMPTY.add(event.getValue()), MetricStats::merge);
        }

        private List<HealthAggregate> aggregates() {
            return windows.entrySet().stream()
                    .map(entry -> {
                        HealthAggregate key = windowKeys.get(entry.getKey());
                        MetricStats stats = entry.getValue();
                        return HealthAggregate.newBuilder(key)
                                .setCount(stats.count())
                                .setMin(stats.min())
                                .setMax(stats.max())
                                .setMean(stats.mean())
                                .setSum(AdditiveMetrics.isAdditive(key.getMetricType()) ? stats.sum() : null)
                                .build();
                    })
                    .toList();
        }

        private HealthEvent measurement(long time) {
            int user = 1 + random.nextInt(users);
            MetricType metricType = metricType();
            MetricRule rule = settings.validation().rule(metricType);
            double value = Math.min(rule.max(), Math.max(rule.min(), realistic(metricType)));
            return event(userId(user), metricType, value, time);
        }

        private HealthEvent event(String userId, MetricType metricType, double value, long time) {
            return HealthEvent.newBuilder()
                    .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                    .setUserId(userId)
                    .setDeviceId(
                            (random.nextBoolean() ? "watch-" : "phone-") + userId.substring(userId.indexOf('-') + 1))
                    .setMetricType(metricType)
                    .setValue(value)
                    .setUnit(settings.validation().rule(metricType).unit())
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setSource(SOURCES[random.nextInt(SOURCES.length)])
                    .build();
        }

        /** Values as devices report them: whole beats, steps and mmHg, temperatures to a tenth of a degree. */
        private double realistic(MetricType metricType) {
            return switch (metricType) {
                case HEART_RATE -> Math.round(clamp(72 + 12 * random.nextGaussian(), 45, 180));
                case STEPS -> random.nextInt(181);
                case BLOOD_OXYGEN -> 94 + random.nextInt(7);
                case BODY_TEMPERATURE -> Math.round(clamp(36.8 + 0.3 * random.nextGaussian(), 35.5, 39.5) * 10) / 10.0;
                case SLEEP_MINUTES -> 1 + random.nextInt(30);
                case SYSTOLIC_BP -> Math.round(clamp(118 + 10 * random.nextGaussian(), 90, 170));
                case DIASTOLIC_BP -> Math.round(clamp(76 + 7 * random.nextGaussian(), 55, 105));
            };
        }

        private MetricType metricType() {
            double roll = random.nextDouble();
            for (Map.Entry<MetricType, Double> weight : METRIC_WEIGHTS.entrySet()) {
                roll -= weight.getValue();
                if (roll < 0) {
                    return weight.getKey();
                }
            }
            return MetricType.HEART_RATE;
        }

        private Record record(HealthEvent event, Kind kind, Optional<DeadLetterReason> rejectedAs) {
            return new Record(
                    event.getUserId().getBytes(StandardCharsets.UTF_8),
                    AvroBytes.encode(event),
                    kind,
                    Optional.of(event),
                    rejectedAs);
        }
    }

    private record Pending(Record record, int delay) {}

    private static String userId(int user) {
        return String.format("user-%02d", user);
    }

    private static double clamp(double value, double min, double max) {
        return Math.min(max, Math.max(min, value));
    }

    private static String windowOf(HealthAggregate aggregate) {
        return aggregate.getUserId() + "/" + aggregate.getMetricType() + "/" + aggregate.getWindowStart();
    }

    private static String describe(HealthAggregate aggregate) {
        return windowOf(aggregate) + " count=" + aggregate.getCount() + " min=" + aggregate.getMin() + " max="
                + aggregate.getMax() + " mean=" + aggregate.getMean() + " sum=" + aggregate.getSum();
    }

    private static boolean sameStatistics(HealthAggregate expected, HealthAggregate actual) {
        return expected.getWindowEnd().equals(actual.getWindowEnd())
                && expected.getCount() == actual.getCount()
                && expected.getMin() == actual.getMin()
                && expected.getMax() == actual.getMax()
                && close(expected.getMean(), actual.getMean())
                && (expected.getSum() == null
                        ? actual.getSum() == null
                        : actual.getSum() != null && close(expected.getSum(), actual.getSum()));
    }

    private static boolean close(double expected, double actual) {
        return Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected));
    }

    private static Map<MetricType, Double> weights() {
        Map<MetricType, Double> weights = new LinkedHashMap<>();
        weights.put(MetricType.HEART_RATE, 0.35);
        weights.put(MetricType.STEPS, 0.25);
        weights.put(MetricType.BLOOD_OXYGEN, 0.10);
        weights.put(MetricType.BODY_TEMPERATURE, 0.08);
        weights.put(MetricType.SLEEP_MINUTES, 0.07);
        weights.put(MetricType.SYSTOLIC_BP, 0.075);
        weights.put(MetricType.DIASTOLIC_BP, 0.075);
        return weights;
    }
}
