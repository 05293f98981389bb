package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's graph as Flink sees it before submission: stable uids, parallelism from configuration, object reuse, the test hook. */
class HealthConsumerJobTest {

    @TempDir
    Path dir;

    private static StreamGraph graph(String hocon) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HealthConsumerJob.build(env, HealthJobSettings.from(ConfigFactory.parseString(hocon)));
        return env.getStreamGraph();
    }

    @Test
    void everyOperatorHasAStableUid() {
        StreamGraph graph = graph("");

        assertThat(graph.getStreamNodes())
                .allSatisfy(node -> assertThat(node.getTransformationUID())
                        .as("uid of %s", node.getOperatorName())
                        .isNotBlank());
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .containsAll(operatorIds());
    }

    @Test
    void parallelismAndMaxParallelismComeFromTheConfiguration() {
        StreamGraph graph = graph("health { parallelism = 3, max-parallelism = 64 }");

        assertThat(graph.getStreamNodes())
                .allSatisfy(node -> assertThat(node.getParallelism())
                        .as(node.getOperatorName())
                        .isEqualTo(3));
        assertThat(graph.getStreamNodes())
                .allSatisfy(node -> assertThat(node.getMaxParallelism())
                        .as(node.getOperatorName())
                        .isEqualTo(64));
    }

    @Test
    void recordsAreHandedOnWithoutDefensiveCopies() {
        // The job's functions neither change nor keep the records they get; HealthConsumerJobITCase runs it so.
        assertThat(graph("").getExecutionConfig().isObjectReuseEnabled()).isTrue();
    }

    @Test
    void withoutAConfiguredParallelismTheEnvironmentDecides() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(5);

        HealthConsumerJob.build(env, HealthJobSettings.from(ConfigFactory.empty()));

        assertThat(env.getParallelism()).isEqualTo(5);
    }

    @Test
    void theHookIsAppliedOnceToTheRawRecords() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AtomicInteger applied = new AtomicInteger();

        HealthConsumerJob.build(env, HealthJobSettings.from(ConfigFactory.empty()), raw -> {
            applied.incrementAndGet();
            assertThat(raw.getType().getTypeClass()).isEqualTo(RawEvent.class);
            return raw;
        });

        assertThat(applied).hasValue(1);
    }

    @Test
    void mainReadsTheFileNamedByConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("health.conf"), "health.topics.events = from-file\n");

        Config config = HealthConsumerJob.configuration(new String[] {"--config", file.toString()});

        assertThat(config.getString("health.topics.events")).isEqualTo("from-file");
        assertThat(config.getString("health.topics.aggregates"))
                .as("defaults underneath")
                .isEqualTo("health-aggregates");
    }

    @Test
    void mainRejectsArgumentsItDoesNotKnow() {
        assertThatThrownBy(() -> HealthConsumerJob.configuration(new String[] {"--topic", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Usage: HealthConsumerJob [--config <application.conf>]");
    }

    private static List<String> operatorIds() {
        return Arrays.stream(OperatorIds.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(HealthConsumerJobTest::value)
                .toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
