package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.HealthEventGenerator.Dataset;
import io.flinkstarters.health.HealthEventGenerator.Kind;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.internal.HealthMetrics;
import io.flinkstarters.metrics.MetricsSettings;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.PrometheusEndpoint;
import io.flinkstarters.testkit.PrometheusEndpoint.Sample;
import io.flinkstarters.testkit.Testkit;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job end to end, as {@code main} runs it: HOCON through {@link HealthJobStartup} (both starters
 * and {@code health.*}, the transaction timeout checked against the real broker), the Kafka source and
 * both exactly-once Kafka sinks, checkpoints on an S3-protocol store; fed with generated measurements
 * (duplicates, invalid, undecodable, out-of-order and late records), and the committed output checked
 * against the generator's expectations exactly.
 */
class HealthConsumerJobITCase {

    private static final int PROMETHEUS_PORT = PrometheusEndpoint.freePort();

    @RegisterExtension
    static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(1)
            .slotsPerTaskManager(4)
            .kafka()
            .objectStore("health")
            .clusterOptions(new MetricsSettings(true, String.valueOf(PROMETHEUS_PORT))
                    .toConfiguration()
                    .toMap())
            .build();

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int PARTITIONS = 2;

    @Test
    void generatedEventsBecomeExactlyTheExpectedAggregatesAndDeadLetters() {
        KafkaBroker kafka = TESTKIT.kafka();
        kafka.createTopic("e2e-events", PARTITIONS);
        kafka.createTopic("e2e-aggregates", PARTITIONS);
        kafka.createTopic("e2e-dead-letters", 1);
        HealthJobStartup startup = HealthJobStartup.load(ConfigLoader.load(
                ConfigFactory.parseString("""
                flink.checkpoint {
                  interval = 500ms
                  min-pause = 100ms
                  timeout = 10s
                  storage.dir = "%s"
                }
                flink.recovery.restart-strategy.fixed-delay { attempts = 3, delay = 500ms }
                health {
                  kafka {
                    bootstrap-servers = "%s"
                    group-id = e2e
                    transactional-id-prefix = e2e
                    transaction-timeout = 5m
                  }
                  topics { events = e2e-events, aggregates = e2e-aggregates, dead-letters = e2e-dead-letters }
                  window { size = 1m, allowed-lateness = 20s, out-of-orderness = 15s }
                  parallelism = %d
                }
                """.formatted(
                                TESTKIT.objectStore().uri("e2e/checkpoints"), kafka.bootstrapServers(), PARTITIONS)
                        + TESTKIT.s3Hocon()),
                Map.of()));
        // Recent event times: the sinks stamp records with event time, and the broker deletes records older than
        // retention.ms.
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Dataset data = HealthEventGenerator.builder(startup.health())
                .seed(2025)
                .events(3_000)
                .start(start)
                .build()
                .generate();

        HealthTopics.produce(kafka, "e2e-events", PARTITIONS, data.onTime());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                startup.starters().toConfiguration());
        HealthConsumerJob.build(env, startup.health());
        JobID job = TESTKIT.miniCluster().submit(env);

        // Phase 1: every on-time window, committed; only then the late records (the generator's protocol).
        HealthTopics.awaitExact(kafka, "e2e-aggregates", HealthTopics::aggregates, data::aggregateDifferences, TIMEOUT);
        HealthTopics.produce(kafka, "e2e-events", PARTITIONS, data.late());
        HealthTopics.awaitExact(
                kafka, "e2e-dead-letters", HealthTopics::deadLetters, data::deadLetterDifferences, TIMEOUT);

        // Whatever a later checkpoint would commit in addition (a duplicate, a late update) shows now.
        TESTKIT.cluster().awaitNextCheckpoint(job);
        List<HealthAggregate> aggregates = HealthTopics.aggregates(kafka.readCommitted("e2e-aggregates"));
        List<DeadLetter> deadLetters = HealthTopics.deadLetters(kafka.readCommitted("e2e-dead-letters"));
        List<Sample> metrics = scrapeOnceEveryEventIsCounted(job, data.all().size());
        TESTKIT.cluster().cancel(job);

        assertThat(data.aggregateDifferences(aggregates)).as("aggregates").isEmpty();
        assertThat(aggregates)
                .as("closing windows stay open on an unbounded stream")
                .noneMatch(data::isClosingWindow);
        assertThat(data.deadLetterDifferences(deadLetters)).as("dead letters").isEmpty();
        assertThat(deadLetters)
                .hasSize((int) (data.count(Kind.INVALID) + data.count(Kind.UNDECODABLE) + data.count(Kind.LATE)));
        assertThat(deadLetters)
                .allSatisfy(deadLetter -> assertThat(deadLetter.getTopic()).isEqualTo("e2e-events"));
        assertThat(data.count(Kind.DUPLICATE))
                .as("the data really holds every kind")
                .isPositive();
        assertThat(data.count(Kind.OUT_OF_ORDER)).isPositive();
        assertThat(data.count(Kind.LATE)).isPositive();

        // The job's own counters and Flink's checkpoint metrics, as Prometheus sees them (no restart happened, so
        // exact).
        assertThat(counted(metrics, HealthMetrics.AGGREGATES_OUT, job)).isEqualTo(aggregates.size());
        assertThat(counted(metrics, HealthMetrics.DUPLICATES_DROPPED, job)).isEqualTo(data.count(Kind.DUPLICATE));
        assertThat(counted(metrics, HealthMetrics.LATE_EVENTS, job)).isEqualTo(data.count(Kind.LATE));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            long expected = data.all().stream()
                    .filter(record -> record.rejectedAs().equals(Optional.of(reason)))
                    .count();
            assertThat(sum(
                            metrics,
                            DEAD_LETTERS_BY_REASON,
                            Map.of("job_id", job.toString(), "reason", HealthMetrics.reasonLabel(reason))))
                    .as("dead letters with reason " + reason.id())
                    .isEqualTo(expected);
        }
        assertThat(List.of(
                        "lastCheckpointDuration",
                        "lastCheckpointSize",
                        "numberOfCompletedCheckpoints",
                        "numberOfFailedCheckpoints",
                        "numRestarts"))
                .allSatisfy(name -> assertThat(PrometheusEndpoint.select(
                                metrics, "flink_jobmanager_job_" + name, Map.of("job_id", job.toString())))
                        .as(name)
                        .hasSize(1));
    }

    private static final String HEALTH_PREFIX = "flink_taskmanager_job_task_operator_" + HealthMetrics.GROUP + "_";
    /** A key-value metric group puts its key into the name as well as into a label. */
    private static final String DEAD_LETTERS_BY_REASON =
            HEALTH_PREFIX + HealthMetrics.REASON + "_" + HealthMetrics.DEAD_LETTERS;

    /** Counters are live, but a scrape may run ahead of the last records: wait until every input record is counted. */
    private static List<Sample> scrapeOnceEveryEventIsCounted(JobID job, int records) {
        PrometheusEndpoint prometheus = new PrometheusEndpoint(PROMETHEUS_PORT);
        return Await.until(
                records + " events counted by job " + job + " on Prometheus port " + PROMETHEUS_PORT,
                prometheus::scrape,
                samples -> counted(samples, HealthMetrics.EVENTS_IN, job) == records,
                TIMEOUT);
    }

    private static long counted(List<Sample> samples, String counter, JobID job) {
        return sum(samples, HEALTH_PREFIX + counter, Map.of("job_id", job.toString()));
    }

    private static long sum(List<Sample> samples, String name, Map<String, String> labels) {
        return (long) PrometheusEndpoint.sum(samples, name, labels);
    }
}
