package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.testkit.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's preflight against a real Kafka broker: every failure is a problem naming the key to fix, before the job is built. */
class KafkaPreflightITCase {

    /** Generous: what matters is that an unanswering broker costs the preflight timeout, not Kafka's minutes of retries. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    private static KafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start();
        kafka.createTopic("pf-events", 1);
        kafka.createTopic("pf-aggregates", 1);
        kafka.createTopic("pf-dead-letters", 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private HealthJobStartup load(String servers, String extra) {
        return HealthJobStartup.load(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                flink.starters.preflight.timeout = 2s
                health.kafka.bootstrap-servers = "%s"
                health.topics { events = pf-events, aggregates = pf-aggregates, dead-letters = pf-dead-letters }
                """.formatted(dir.resolve("checkpoints").toUri(), servers) + extra));
    }

    private InvalidConfigurationException rejected(String servers, String extra) {
        InvalidConfigurationException e =
                catchThrowableOfType(InvalidConfigurationException.class, () -> load(servers, extra));
        assertThat(e).as("the preflight must reject this").isNotNull();
        return e;
    }

    private String origin(int line) {
        return " (" + dir.resolve("application.conf") + ":" + line + ")";
    }

    @Test
    void aReachableBrokerWithTheTopicsAndAnAcceptableTimeoutPasses() {
        HealthJobStartup startup = load(kafka.bootstrapServers(), "health.kafka.transaction-timeout = 15m\n");

        assertThat(startup.health().kafka().transactionTimeout())
                .as("exactly the broker's limit is fine")
                .isEqualTo(kafka.transactionMaxTimeout());
    }

    @Test
    void missingTopicsAreNamedEachByItsKey() {
        InvalidConfigurationException e = rejected(
                kafka.bootstrapServers(),
                "health.topics { events = no-such-events, dead-letters = no-such-dead-letters }\n");

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "health.topics.events = no-such-events" + origin(5)
                                + ": the topic does not exist on the Kafka cluster at " + kafka.bootstrapServers()
                                + ": create it before the job starts",
                        "health.topics.dead-letters = no-such-dead-letters" + origin(5)
                                + ": the topic does not exist on the Kafka cluster at " + kafka.bootstrapServers()
                                + ": create it before the job starts");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitIsAProblem() {
        InvalidConfigurationException e =
                rejected(kafka.bootstrapServers(), "health.kafka.transaction-timeout = 20m\n");

        assertThat(e.problems())
                .singleElement()
                .hasToString(
                        "health.kafka.transaction-timeout = 20m" + origin(5)
                                + ": must not exceed the broker's transaction.max.timeout.ms"
                                + " (900000 ms = 15m): the sinks' producers would fail in initTransactions; lower it or raise the broker's limit");
    }

    @Test
    void aRefusedConnectionIsAProblemOnTheBootstrapServers() throws IOException {
        String closed = "127.0.0.1:" + closedPort();

        assertThat(rejectedWithin(closed).message())
                .startsWith("no Kafka broker answered within flink.starters.preflight.timeout = 2s (");
    }

    @Test
    void aSilentBrokerIsAProblemWithinTheTimeout() throws IOException {
        // Accepts connections and never answers: what a hung broker or a wrong port behind a proxy looks like.
        try (ServerSocket silent = new ServerSocket(0)) {
            assertThat(rejectedWithin("127.0.0.1:" + silent.getLocalPort()).message())
                    .startsWith("no Kafka broker answered within flink.starters.preflight.timeout = 2s (")
                    .endsWith("(to submit anyway, set flink.starters.preflight.enabled = false)");
        }
    }

    private Problem rejectedWithin(String servers) {
        long started = System.nanoTime();
        InvalidConfigurationException e = rejected(servers, "");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("bounded by the preflight timeout")
                .isLessThan(BOUND);
        Problem problem = e.problems().stream()
                .filter(candidate -> candidate.key().equals(HealthJobSettings.BOOTSTRAP_SERVERS))
                .findFirst()
                .orElseThrow();
        assertThat(problem.value()).isEqualTo(servers);
        assertThat(e.problems()).as("no topic checks without a broker").hasSize(1);
        return problem;
    }

    @Test
    void storageAndKafkaProblemsAreReportedTogether() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> HealthJobStartup.load(TestConfigs.load(
                        dir, """
                        flink.checkpoint.storage.dir = "%s"
                        health.kafka.bootstrap-servers = "%s"
                        """.formatted(notADirectory.resolve("checkpoints").toUri(), kafka.bootstrapServers()))));

        assertThat(e.problems())
                .extracting(Problem::key)
                .containsExactlyInAnyOrder(
                        "flink.checkpoint.storage.dir",
                        "health.topics.events",
                        "health.topics.aggregates",
                        "health.topics.dead-letters");
    }

    @Test
    void noPreflightRunsUntilTheConfigurationIsSoundOrWhenItIsTurnedOff() throws IOException {
        String closed = "127.0.0.1:" + closedPort();

        assertThat(rejected(closed, "health.window.size = -1m\n").problems())
                .extracting(Problem::key)
                .containsExactly("health.window.size");
        assertThat(load(closed, "flink.starters.preflight.enabled = false\n")
                        .health()
                        .kafka()
                        .bootstrapServers())
                .isEqualTo(closed);
        assertThat(load(closed, "", Map.of("FLINK_PREFLIGHT_ENABLED", "false"))
                        .starters()
                        .preflight()
                        .enabled())
                .isFalse();
    }

    private HealthJobStartup load(String servers, String extra, Map<String, String> env) {
        return HealthJobStartup.load(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                health.kafka.bootstrap-servers = "%s"
                """.formatted(dir.resolve("checkpoints").toUri(), servers) + extra, env));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
