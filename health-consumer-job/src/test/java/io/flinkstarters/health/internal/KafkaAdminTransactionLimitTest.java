package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.KafkaSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up check never blocks the job: whatever keeps the broker from answering, the answer is "unknown", in bounded time. */
class KafkaAdminTransactionLimitTest {

    private final KafkaAdminTransactionLimit limit = new KafkaAdminTransactionLimit();

    private static KafkaSettings kafka(String servers, Duration timeout) {
        return new KafkaSettings(servers, "group", "prefix", Duration.ofMinutes(15), timeout, Map.of());
    }

    @Test
    void aRefusedConnectionIsUnknownWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();

        assertThat(limit.maxTransactionTimeout(kafka("127.0.0.1:" + closedPort, Duration.ofMillis(800)))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSilentBrokerIsUnknownWithinTheTimeout() throws IOException {
        // Accepts connections and never answers: what a hung broker or a wrong port behind a proxy looks like.
        try (ServerSocket silent = new ServerSocket(0)) {
            long started = System.nanoTime();

            assertThat(limit.maxTransactionTimeout(kafka("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(800)))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anUnresolvableAddressIsUnknown() {
        assertThat(limit.maxTransactionTimeout(kafka("no-such-broker.invalid:9092", Duration.ofMillis(500)))).isEmpty();
    }

    @Test
    void aZeroTimeoutSkipsTheCheck() {
        assertThat(limit.maxTransactionTimeout(kafka("127.0.0.1:1", Duration.ZERO))).isEmpty();
    }
}
