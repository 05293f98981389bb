package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy against a real peer, a plain TCP echo server: each fault is shown to happen (bytes
 * delayed, throughput capped, nothing answered, connections reset and refused) and to heal.
 */
class FaultProxyITCase {

    private static final Duration LASTING = Duration.ofSeconds(30);
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoBehindProxy() throws IOException {
        echo = EchoServer.start();
        proxy = FaultProxy.start("echo", echo.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBytesUnchangedBothWays() throws IOException {
        byte[] payload = new byte[2 * 1024 * 1024];
        new Random(13).nextBytes(payload);

        try (Socket socket = connect()) {
            CompletableFuture<byte[]> echoed = readAsync(socket, payload.length);
            socket.getOutputStream().write(payload);
            assertThat(echoed.join()).isEqualTo(payload);
        }

        // The proxy's counters can trail the bytes the client already holds: wait (bounded) for the counts.
        FaultProxy.Stats stats = Await.until(
                "the proxy's count of every byte both ways",
                proxy::stats,
                counted -> counted.bytesToServer() >= payload.length && counted.bytesToClient() >= payload.length,
                Duration.ofSeconds(10));
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.bytesToServer()).isEqualTo(payload.length);
        assertThat(stats.bytesToClient()).isEqualTo(payload.length);
        assertThat(echo.accepted()).isEqualTo(1);
        assertThat(proxy.address()).isEqualTo("127.0.0.1:" + proxy.port());
    }

    @Test
    void latencyDelaysEveryChunkEachWayThenHeals() throws IOException {
        try (Socket socket = connect()) {
            long healthy = roundTripMillis(socket, "before");

            FaultProxy.Fault latency = proxy.latency(Duration.ofMillis(300), Duration.ofMillis(100), LASTING);
            long delayed = roundTripMillis(socket, "during");
            latency.heal();
            long healed = roundTripMillis(socket, "after");

            System.out.printf(
                    "echo round trip: %d ms healthy, %d ms under latency, %d ms healed%n", healthy, delayed, healed);
            // 300 ms fixed each way: a round trip cannot be shorter than 600 ms.
            assertThat(delayed).isGreaterThanOrEqualTo(600);
            assertThat(healthy).isLessThan(600);
            assertThat(healed).isLessThan(600);
            assertThat(latency.isActive()).isFalse();
        }
        assertThat(proxy.stats().longestHold()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void jitterNeverReordersBytes() throws IOException {
        proxy.latency(Duration.ZERO, Duration.ofMillis(50), LASTING);
        byte[] payload = new byte[256 * 1024];
        new Random(7).nextBytes(payload);

        try (Socket socket = connect()) {
            CompletableFuture<byte[]> echoed = readAsync(socket, payload.length);
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset < payload.length; offset += 1024) {
                out.write(payload, offset, 1024); // many small chunks, each with its own jitter
            }
            assertThat(echoed.join()).isEqualTo(payload);
        }
    }

    @Test
    void bandwidthLimitCapsThroughput() throws IOException {
        int bytes = 100 * 1024;
        proxy.bandwidth(50 * 1024, LASTING);

        long started = System.nanoTime();
        try (Socket socket = connect()) {
            CompletableFuture<byte[]> echoed = readAsync(socket, bytes);
            socket.getOutputStream().write(new byte[bytes]);
            echoed.join();
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        System.out.printf("100 KiB echoed at 50 KiB/s in %d ms%n", elapsed);
        // 100 KiB through a 50 KiB/s link needs 2 s one way (the echo back overlaps with it).
        assertThat(elapsed).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void blackholeAnswersNothingAndPassesNoNewConnectionOnUntilHealed() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTripMillis(before, "hello")).isNotNegative();

            FaultProxy.Fault blackhole = proxy.blackhole(LASTING);
            before.setSoTimeout(500);
            write(before, "during");
            assertThatThrownBy(() -> read(before, "during".length())).isInstanceOf(SocketTimeoutException.class);

            try (Socket during = connect()) {
                during.setSoTimeout(500);
                write(during, "new");
                assertThatThrownBy(() -> read(during, 3)).isInstanceOf(SocketTimeoutException.class);
                assertThat(echo.accepted())
                        .as("connections that reached the server")
                        .isEqualTo(1);
                Await.until(
                        "the blackholed bytes to be held", () -> proxy.stats().heldBytes() > 0, LASTING);

                blackhole.heal();

                during.setSoTimeout(READ_TIMEOUT_MILLIS);
                before.setSoTimeout(READ_TIMEOUT_MILLIS);
                assertThat(read(during, 3)).isEqualTo("new");
                assertThat(read(before, "during".length())).isEqualTo("during");
                assertThat(echo.accepted()).isEqualTo(2);
            }
        }
        assertThat(proxy.stats().longestHold()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void faultEndsByItselfAfterItsDuration() throws IOException {
        try (Socket socket = connect()) {
            FaultProxy.Fault blackhole = proxy.blackhole(Duration.ofSeconds(2));
            write(socket, "late");
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> read(socket, 4)).isInstanceOf(SocketTimeoutException.class);

            blackhole.awaitHealed(Duration.ofSeconds(10));

            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertThat(read(socket, 4)).isEqualTo("late");
            assertThat(blackhole.isActive()).isFalse();
            assertThat(proxy.stats().longestHold()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void resetCutsEveryConnectionAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket first = connect();
                Socket second = connect()) {
            roundTripMillis(first, "a");
            roundTripMillis(second, "b");

            FaultProxy.Fault reset = proxy.reset(LASTING);

            assertThatThrownBy(() -> read(first, 1))
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
            Await.until("the server to see both connections reset", () -> echo.failed() == 2, LASTING);
            assertThat(proxy.stats().cut()).isEqualTo(2);
            assertThat(proxy.stats().open()).isZero();

            reset.heal();
        }
        try (Socket after = connect()) {
            assertThat(roundTripMillis(after, "back")).isNotNegative();
        }
        assertThat(echo.accepted()).isEqualTo(3);
    }

    @Test
    void aClientOfADownServerIsReset() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (FaultProxy nowhere = FaultProxy.start("nowhere", "127.0.0.1", closedPort);
                Socket socket = new Socket()) {
            // The reset may reach the client while it still connects, or at its first read: either is the reset.
            assertThatThrownBy(() -> {
                        socket.connect(new InetSocketAddress("127.0.0.1", nowhere.port()), 2000);
                        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                        int read = socket.getInputStream().read();
                        if (read < 0) {
                            throw new SocketException("closed without reset");
                        }
                    })
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(nowhere.stats().upstreamFailures()).isEqualTo(1);
        }
    }

    @Test
    void aNewerFaultOfTheSameKindReplacesTheOlderAndRestoreEndsAll() {
        FaultProxy.Fault slow = proxy.latency(Duration.ofMillis(100), Duration.ZERO, LASTING);
        FaultProxy.Fault slower = proxy.latency(Duration.ofMillis(200), Duration.ZERO, LASTING);
        FaultProxy.Fault blackhole = proxy.blackhole(LASTING);

        assertThat(slow.isActive()).isFalse();
        assertThat(slower.isActive()).isTrue();
        slow.heal(); // replaced: healing it must not end the newer one
        assertThat(slower.isActive()).isTrue();

        proxy.restore();

        assertThat(slower.isActive()).isFalse();
        assertThat(blackhole.isActive()).isFalse();
        assertThat(blackhole.description()).isEqualTo("blackhole for 30000 ms");
    }

    @Test
    void rejectsUnboundedOrNonsenseFaults() {
        assertThatThrownBy(() -> proxy.blackhole(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> proxy.reset(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proxy.bandwidth(0, LASTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bandwidth must be positive");
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1), Duration.ZERO, LASTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency");
        assertThatThrownBy(() -> FaultProxy.start(" ", echo.address())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedProxyReleasesItsPort() throws IOException {
        int port = proxy.port();
        proxy.close();
        proxy.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> proxy.blackhole(LASTING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static long roundTripMillis(Socket socket, String message) throws IOException {
        long started = System.nanoTime();
        write(socket, message);
        assertThat(read(socket, message.length())).isEqualTo(message);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void write(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] bytes = new byte[length];
        new DataInputStream(socket.getInputStream()).readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CompletableFuture<byte[]> readAsync(Socket socket, int length) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] bytes = new byte[length];
                new DataInputStream(in).readFully(bytes);
                return bytes;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
