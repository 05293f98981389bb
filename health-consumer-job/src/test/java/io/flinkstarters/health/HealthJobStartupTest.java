package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.health.internal.KafkaAdminTransactionLimit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.CheckpointingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthJobStartupTest {

    private static final BrokerTransactionLimit UNKNOWN = kafka -> Optional.empty();

    @TempDir Path dir;

    private String storage() {
        return "flink.checkpoint.storage.dir = \"" + dir.resolve("checkpoints").toUri() + "\"\n";
    }

    @Test
    void loadsBothStartersAndTheJob() {
        HealthJobStartup startup = HealthJobStartup.load(TestConfigs.load(dir, storage() + "health.window.size = 5m\n"), UNKNOWN);

        assertThat(startup.health().window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(startup.starters().toConfiguration().get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theEffectiveSettingsDescribeTheJobsSectionToo() {
        HealthJobStartup startup = HealthJobStartup.load(TestConfigs.load(dir, storage() + "health.window.size = 5m\n"), UNKNOWN);

        assertThat(startup.starters().describe())
                .contains("flink.checkpoint.interval = 60s")
                .contains("health.window.size = 5m (" + dir.resolve("application.conf") + ":2)");
    }

    @Test
    void oneExceptionListsTheStartersAndTheJobsProblems() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> HealthJobStartup.load(
                TestConfigs.load(dir, """
                        flink.checkpoint.interval = -5s
                        flink.recovery.restart-strategy.fixed-delay.attempts = -1
                        flink.checkpoint.intreval = 5s
                        health.window.size = -1m
                        health.kafka.transactional-id-prefix = null
                        """), UNKNOWN));

        assertThat(e.problems()).extracting(Problem::key).containsExactlyInAnyOrder(
                "flink.checkpoint.interval",
                "flink.recovery.restart-strategy.fixed-delay.attempts",
                "flink.checkpoint.intreval",
                "flink.checkpoint.storage.dir",
                "health.window.size",
                "health.kafka.transactional-id-prefix");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitIsAProblem() {
        BrokerTransactionLimit tenMinutes = kafka -> Optional.of(Duration.ofMinutes(10));

        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> HealthJobStartup.load(
                TestConfigs.load(dir, storage() + "flink.checkpoint { interval = 30s, timeout = 5m }\nhealth.kafka.transaction-timeout = 12m\n"),
                tenMinutes));

        assertThat(e.problems()).singleElement().asString().isEqualTo(
                "health.kafka.transaction-timeout = 12m (" + dir.resolve("application.conf") + ":3): must not exceed the broker's"
                        + " transaction.max.timeout.ms (600000 ms = 10m): the sinks' producers would fail in initTransactions;"
                        + " lower it or raise the broker's limit");
    }

    @Test
    void aTransactionTimeoutAtTheBrokersLimitIsFine() {
        HealthJobStartup startup = HealthJobStartup.load(TestConfigs.load(dir, storage()), kafka -> Optional.of(Duration.ofMinutes(15)));

        assertThat(startup.health().kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theBrokerIsOnlyAskedOnceTheConfigurationIsSound() {
        AtomicInteger asked = new AtomicInteger();

        catchThrowableOfType(InvalidConfigurationException.class, () -> HealthJobStartup.load(
                TestConfigs.load(dir, storage() + "health.window.size = -1m\n"), kafka -> {
                    asked.incrementAndGet();
                    return Optional.empty();
                }));

        assertThat(asked).hasValue(0);
    }

    @Test
    void anUnreachableBrokerIsAWarningNotAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();

        HealthJobStartup startup = HealthJobStartup.load(TestConfigs.load(dir, storage() + """
                health.kafka { bootstrap-servers = "127.0.0.1:%d", startup-check-timeout = 1s }
                """.formatted(closedPort)), new KafkaAdminTransactionLimit());

        assertThat(startup.health().kafka().bootstrapServers()).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the check's timeout").isLessThan(Duration.ofSeconds(10));
    }
}
