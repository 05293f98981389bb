package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy in front of the testkit's S3 store, with Flink's own {@code s3://} file system
 * (flink-s3-fs-hadoop, the store's fail-fast options) as the client, as checkpoints reach it.
 */
class FaultProxyObjectStoreITCase {

    private static final Duration LASTING = Duration.ofSeconds(60);

    private static ObjectStore store;
    private static FaultProxy proxy;

    @BeforeAll
    static void startStoreBehindProxy() {
        store = ObjectStore.startBehindProxy("proxied");
        proxy = store.proxy();
        FileSystem.initialize(Configuration.fromMap(store.flinkS3Options()), null);
    }

    @AfterAll
    static void stop() {
        FileSystem.initialize(new Configuration(), null);
        store.close();
    }

    @AfterEach
    void heal() {
        proxy.restore();
    }

    @Test
    void clientsAreToldTheProxysEndpoint() {
        assertThat(store.proxiedEndpoint())
                .isEqualTo("http://" + proxy.address())
                .isNotEqualTo(store.endpoint());
        assertThat(store.flinkS3Options()).containsEntry("s3.endpoint", store.proxiedEndpoint());
        assertThat(store.starterHocon())
                .contains("endpoint = \"" + store.proxiedEndpoint() + "\"")
                .doesNotContain(store.endpoint() + "\"");
        try (ObjectStore plain = ObjectStore.start("plain")) {
            assertThatThrownBy(plain::proxy)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no fault proxy");
        }
    }

    @Test
    void checkpointFilesTravelThroughTheProxy() throws IOException {
        long before = proxy.stats().bytesToServer();

        write("through/proxy", "state");

        assertThat(read("through/proxy")).isEqualTo("state");
        assertThat(proxy.stats().bytesToServer()).isGreaterThan(before);
    }

    @Test
    void latencySlowsEveryRequest() throws IOException {
        write("latency/warm", "warm");
        long healthy = millis(() -> write("latency/healthy", "x"));

        proxy.latency(Duration.ofMillis(250), Duration.ZERO, LASTING);
        long delayed = millis(() -> write("latency/delayed", "x"));

        System.out.printf("one S3 write: %d ms healthy, %d ms with 250 ms latency each way%n", healthy, delayed);
        // A write is at least one request and its answer: two crossings of 250 ms.
        assertThat(delayed).isGreaterThanOrEqualTo(500);
        assertThat(proxy.stats().longestHold()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void resetFailsWritesFastAndTheStoreIsBackAfterTheHeal() throws IOException {
        write("reset/before", "before");

        FaultProxy.Fault reset = proxy.reset(LASTING);
        long failed = millis(
                () -> assertThatThrownBy(() -> write("reset/during", "lost")).isInstanceOf(IOException.class));
        System.out.printf("an S3 write through a reset link failed after %d ms%n", failed);
        reset.heal();

        write("reset/after", "after");
        assertThat(read("reset/before")).isEqualTo("before");
        assertThat(read("reset/after")).isEqualTo("after");
    }

    @Test
    void blackholeAnswersNoRequestUntilHealed() throws Exception {
        write("blackhole/warm", "warm");
        FaultProxy.Fault blackhole = proxy.blackhole(LASTING);

        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
            try {
                write("blackhole/held", "held");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Await.until("the write's request to be held", () -> proxy.stats().heldBytes() > 0, LASTING);
        assertThat(held).as("a write answered during the blackhole").isNotDone();

        blackhole.heal();

        held.get(30, TimeUnit.SECONDS);
        assertThat(read("blackhole/held")).isEqualTo("held");
    }

    private static void write(String path, String content) throws IOException {
        Path file = new Path(store.uri(path));
        try (OutputStream out = file.getFileSystem().create(file, WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(String path) throws IOException {
        Path file = new Path(store.uri(path));
        try (InputStream in = file.getFileSystem().open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long millis(IoAction action) throws IOException {
        long started = System.nanoTime();
        action.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
