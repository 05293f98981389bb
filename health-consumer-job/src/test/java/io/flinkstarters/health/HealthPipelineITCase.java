package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.health.HealthEventGenerator.Dataset;
import io.flinkstarters.health.HealthEventGenerator.Record;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline between Kafka and Kafka on a MiniCluster, fed with generated records: every
 * operator, every shuffle, real watermarks, Avro serialization between tasks (Kryo is switched off),
 * and the generator's expectations checked exactly, including late records.
 */
class HealthPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final TypeInformation<RawEvent> RAW = TypeInformation.of(RawEvent.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Opened by the test once phase 1's aggregates are all visible; the late records wait for it. */
    private static final CountDownLatch LATE_PHASE = new CountDownLatch(1);

    @Test
    void generatedRecordsBecomeExactlyTheExpectedAggregatesAndDeadLetters() throws Exception {
        HealthJobSettings settings = HealthJobSettings.from(ConfigFactory.parseString(
                "health.window { size = 1m, allowed-lateness = 20s, out-of-orderness = 15s }"));
        Dataset data = HealthEventGenerator.builder(settings)
                .seed(2025)
                .events(3_000)
                .build()
                .generate();

        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        DataStream<RawEvent> onTime = env.fromData(raw(data.onTime(), 0), RAW).name("on-time phase");
        DataStream<RawEvent> late = env.fromData(raw(data.late(), data.onTime().size()), RAW)
                .name("late phase")
                .map(new WaitForLatePhase())
                .returns(RAW)
                .setParallelism(1)
                .name("wait for phase 1");
        HealthPipeline.Outputs outputs = HealthPipeline.apply(onTime.union(late), settings);

        // Collect sinks are added before submission; their results can be read once the job runs.
        CloseableIterator<HealthAggregate> aggregateResults =
                outputs.aggregates().collectAsync();
        CloseableIterator<DeadLetter> deadLetterResults = outputs.deadLetters().collectAsync();
        JobClient job = env.executeAsync("health pipeline");
        try (Collected<HealthAggregate> aggregates = new Collected<>("aggregates", aggregateResults);
                Collected<DeadLetter> deadLetters = new Collected<>("dead letters", deadLetterResults)) {
            aggregates.awaitUntil(
                    seen -> data.aggregateDifferences(seen).isEmpty(), TIMEOUT, data::aggregateDifferences);
            LATE_PHASE.countDown();
            List<HealthAggregate> allAggregates = aggregates.awaitEnd(TIMEOUT);
            List<DeadLetter> allDeadLetters = deadLetters.awaitEnd(TIMEOUT);
            job.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(data.aggregateDifferences(allAggregates))
                    .as("aggregates")
                    .isEmpty();
            assertThat(allAggregates)
                    .filteredOn(data::isClosingWindow)
                    .as("closing windows, emitted at the end of input")
                    .hasSize(5);
            assertThat(data.deadLetterDifferences(allDeadLetters))
                    .as("dead letters")
                    .isEmpty();
            assertThat(allDeadLetters)
                    .filteredOn(deadLetter -> deadLetter.getReason().equals("late"))
                    .hasSize(data.late().size());
            assertThat(allDeadLetters)
                    .allSatisfy(deadLetter -> assertThat(deadLetter.getTopic()).isEqualTo(TestEvents.TOPIC));
        }
    }

    /** The records as a single-partition topic would hold them, offsets continuing from {@code firstOffset}. */
    private static List<RawEvent> raw(List<Record> records, long firstOffset) {
        List<RawEvent> raw = new ArrayList<>();
        for (Record record : records) {
            raw.add(new RawEvent(TestEvents.TOPIC, 0, firstOffset + raw.size(), 0, record.key(), record.value()));
        }
        return raw;
    }

    /** Holds the late records back until the test has seen phase 1 through (a bounded wait, not a sleep). */
    private static final class WaitForLatePhase implements MapFunction<RawEvent, RawEvent> {

        private static final long serialVersionUID = 1L;

        @Override
        public RawEvent map(RawEvent record) throws InterruptedException {
            if (!LATE_PHASE.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("phase 1's aggregates never all became visible");
            }
            return record;
        }
    }
}
