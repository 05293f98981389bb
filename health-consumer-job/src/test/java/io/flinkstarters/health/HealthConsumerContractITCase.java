package io.flinkstarters.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.AdditiveMetrics;
import io.flinkstarters.health.internal.MetricStats;
import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ExactlyOnceContract;
import io.flinkstarters.testkit.JobJar;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.PoisonRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The health job under the testkit's exactly-once contract, on its own production settings (the documented
 * {@code health-consumer.conf}, time scaled by 60), on the MiniCluster: every fault of the contract. After
 * each, every window the input closed must be committed exactly once, with exactly the statistics of its
 * measurements. The same job from its shaded jar on real processes: {@code process/HealthJobOn*ITCase}.
 *
 * <h2>Input that makes the outcome independent of timing</h2>
 *
 * Measurement {@code i} is taken at {@code t0 + i s} ({@code t0}: a whole hour, one to two hours ago), by user {@code i % 4} (so partition {@code i % 2}:
 * each partition in event-time order, the two in lockstep), of heart rate or steps with a whole-number
 * value (sums are exact in any order); every tenth is sent twice (the copy must be dropped, also when a
 * fault falls between the two). With one partition per source subtask, no measurement is ever late,
 * whatever the timing: the watermark trails the slower partition by the out-of-orderness. So window
 * {@code k} ({@code [10k s, 10k+10 s)}) closes once measurements up to {@code 10(k+1) + 4} exist (2 s of
 * out-of-orderness, partitions one apart), and {@link #produceInput} names as identities exactly the
 * windows its records close; the last windows stay open and are never emitted. Idleness is off: a
 * partition that went quiet during a fault must not let the other one push the watermark past it.
 *
 * <p>Event times are recent on purpose: the sink gives each aggregate its window's time as the Kafka
 * record timestamp, and the broker deletes records older than the topic's {@code retention.ms} (7 days)
 * at its next retention check, committed or not.
 */
public class HealthConsumerContractITCase extends ExactlyOnceContract<HealthConsumerContractITCase.WindowKey> {

    /** An aggregate's identity: one user's metric in one window. */
    public record WindowKey(String userId, MetricType metricType, Instant windowStart)
            implements Comparable<WindowKey> {
        @Override
        public int compareTo(WindowKey other) {
            return (userId + metricType + windowStart).compareTo(other.userId + other.metricType + other.windowStart);
        }
    }

    static final String DEAD_LETTERS = "dead-letters";
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    static final int USERS = 4;

    /** When measurement 0 was taken: window-aligned, recent (see above), fixed for the test's run. */
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));

    /** The statistics each window must have, from every measurement produced so far (this test's run only). */
    private final Map<WindowKey, MetricStats> expectedStats = new ConcurrentHashMap<>();

    /** The job's own settings: the documented production configuration (the deployment's ConfigMap holds the same). */
    @Override
    public Config configuration() {
        return ConfigFactory.parseResourcesAnySyntax(
                "examples/health-consumer.conf", ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** Its 60 s checkpoints and 10 s restart delays (and so on) become 1 s and 1 s (restart delays stay above 2 heartbeats). */
    @Override
    public int timeScale() {
        return 60;
    }

    /**
     * The job's keys pointed at the test's broker (plaintext, no SASL), topics, group and transactional id,
     * and the window settings the input above is made for.
     */
    @Override
    public String wiring(ContractContext context) {
        return """
                health.kafka {
                  bootstrap-servers = "%s"
                  group-id = "%s"
                  transactional-id-prefix = "%s"
                  properties { "security.protocol" = PLAINTEXT }
                }
                health.topics { events = "%s", aggregates = "%s", dead-letters = "%s" }
                health.window { size = %dms, out-of-orderness = %dms, allowed-lateness = 10s, idleness = 0s }
                health.parallelism = %d
                """.formatted(
                        context.bootstrapServers(),
                        context.transactionalIdPrefix(),
                        context.transactionalIdPrefix(),
                        context.inputTopic(),
                        context.outputTopic(),
                        context.topic(DEAD_LETTERS),
                        WINDOW.toMillis(),
                        OUT_OF_ORDERNESS.toMillis(),
                        context.parallelism());
    }

    @Override
    public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
        HealthConsumerJob.build(env, HealthJobSettings.from(context.configuration()), context::faultPoint);
    }

    @Override
    public List<String> extraTopics() {
        return List.of(DEAD_LETTERS);
    }

    /** On a process cluster: the shaded jar, run as {@code flink run <jar> --config <application.conf>}. */
    @Override
    public Optional<JobJar> jar() {
        return Optional.of(JobJar.withConfigArgument(ShadedJobJar.find()));
    }

    /** Bytes that are no HealthEvent: the job must dead-letter them as undecodable, with the original bytes, and go on. */
    @Override
    public Optional<PoisonRecord> poisonRecord() {
        byte[] poison = "not a health event".getBytes(StandardCharsets.UTF_8);
        return Optional.of(PoisonRecord.deadLettered(
                "user-0".getBytes(StandardCharsets.UTF_8), poison, DEAD_LETTERS, record -> {
                    DeadLetter letter = AvroBytes.decode(record.value(), DeadLetter.class);
                    ByteBuffer original = letter.getOriginal().duplicate();
                    byte[] bytes = new byte[original.remaining()];
                    original.get(bytes);
                    return letter.getReason().startsWith("undecodable") && Arrays.equals(bytes, poison);
                }));
    }

    @Override
    public List<WindowKey> produceInput(KafkaBroker kafka, String topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            HealthEvent event = measurement(i);
            byte[] key = event.getUserId().getBytes(StandardCharsets.UTF_8);
            byte[] value = AvroBytes.encode(event);
            records.add(new ProducerRecord<>(topic, i % 2, key, value));
            if (i % 10 == 3) {
                records.add(new ProducerRecord<>(topic, i % 2, key, value));
            }
            expectedStats.merge(keyOf(event), MetricStats.EMPTY.add(event.getValue()), MetricStats::merge);
        }
        kafka.produce(topic, records);
        return expectedStats.keySet().stream()
                .filter(window -> closedBy(window, to) && !closedBy(window, from))
                .sorted()
                .toList();
    }

    /**
     * The committed aggregates' identities. Each window is emitted once, complete (no measurement is ever
     * late), so an aggregate whose statistics differ from its measurements' is wrong whenever it shows up:
     * that fails at once, naming both.
     */
    @Override
    public List<WindowKey> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed) {
        List<WindowKey> keys = new ArrayList<>();
        Map<WindowKey, String> wrong = new TreeMap<>();
        for (HealthAggregate aggregate : HealthTopics.aggregates(committed)) {
            WindowKey key = new WindowKey(aggregate.getUserId(), aggregate.getMetricType(), aggregate.getWindowStart());
            MetricStats stats = expectedStats.get(key);
            if (stats != null && !matches(aggregate, stats)) {
                wrong.put(key, "committed " + aggregate + " but its measurements give " + stats);
            }
            keys.add(key);
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("aggregates with wrong statistics: " + wrong);
        }
        return keys;
    }

    @Override
    public int recordsPerPhase() {
        return 300;
    }

    HealthEvent measurement(int i) {
        MetricType metric = (i / USERS) % 2 == 0 ? MetricType.HEART_RATE : MetricType.STEPS;
        double value = metric == MetricType.HEART_RATE ? 55 + (i * 7) % 60 : (i * 13) % 180;
        return HealthEvent.newBuilder()
                .setEventId("measurement-" + i)
                .setUserId("user-" + (i % USERS))
                .setDeviceId("watch-" + (i % USERS))
                .setMetricType(metric)
                .setValue(value)
                .setUnit(metric == MetricType.HEART_RATE ? "bpm" : "steps")
                .setEventTime(t0.plusSeconds(i))
                .setSource(null)
                .build();
    }

    private static WindowKey keyOf(HealthEvent event) {
        long time = event.getEventTime().toEpochMilli();
        return new WindowKey(
                event.getUserId(),
                event.getMetricType(),
                Instant.ofEpochMilli(time - Math.floorMod(time, WINDOW.toMillis())));
    }

    /**
     * Whether records {@code [0, count)} close the window: the watermark reaches the slower partition's
     * newest time ({@code count - 2} s) minus the out-of-orderness, and a window fires when it passes its end.
     */
    boolean closedBy(WindowKey window, int count) {
        long watermarkSeconds = count - 2 - OUT_OF_ORDERNESS.toSeconds();
        long endSeconds =
                Duration.between(t0, window.windowStart().plus(WINDOW)).toSeconds();
        return count >= 2 && endSeconds <= watermarkSeconds;
    }

    private static boolean matches(HealthAggregate aggregate, MetricStats stats) {
        Double sum = AdditiveMetrics.isAdditive(aggregate.getMetricType()) ? stats.sum() : null;
        return aggregate.getCount() == stats.count()
                && aggregate.getMin() == stats.min()
                && aggregate.getMax() == stats.max()
                && aggregate.getMean() == stats.mean()
                && Objects.equals(aggregate.getSum(), sum);
    }
}
