package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.LinkConditions;
import io.flinkstarters.testkit.internal.ProxyCounters;
import io.flinkstarters.testkit.internal.ProxyLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.annotation.Experimental;

/**
 * A TCP proxy on a free loopback port in this JVM, in front of one server (the Kafka broker, the object
 * store), through which the job's clients reach it, so that the network between them can fail on
 * command. Each fault is one call that lasts a bounded time (it heals by itself when its duration has
 * passed, or earlier on {@link Fault#heal()} or {@link #restore()}):
 *
 * <ul>
 *   <li>{@link #latency}: every chunk of bytes, each way, arrives later by a fixed delay plus a jitter
 *       drawn uniformly up to a bound; order is kept;
 *   <li>{@link #bandwidth}: each direction carries at most so many bytes per second, shared by all
 *       connections as on one link;
 *   <li>{@link #blackhole}: connections are accepted and bytes taken, but nothing is delivered either
 *       way; new connections are not passed on. Like a partition that TCP rides out: when it heals, what
 *       was held is delivered, in order (a peer that gave up meanwhile has closed its side);
 *   <li>{@link #reset}: every connection is cut with a TCP reset and new ones are refused (the port is
 *       closed) until it heals, when the proxy listens on the same port again.
 * </ul>
 *
 * Faults of different kinds combine (a slow link can also be blackholed); a new fault replaces an active
 * one of the same kind. {@link #stats()} tells what the proxy saw, to prove that a fault hit.
 *
 * <p>It is written on Java NIO (one selector thread per proxy) because nothing fitting is on the class
 * path or on Maven Central: Netty is here only as Flink's relocated internal copy, and the known fault
 * proxies are a server in another language (Toxiproxy, which its test libraries run in Docker), or
 * unmaintained (NetCrusher has had no release for years), or gone (Flink 1.x's {@code NetworkFailuresProxy}).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("echo", server)) {
 *     // clients connect to proxy.address() instead of the server
 *     try (FaultProxy.Fault outage = proxy.blackhole(Duration.ofSeconds(20))) {
 *         // nothing answers for up to 20 s
 *     }
 * }
 * }</pre>
 */
@Experimental
public final class FaultProxy implements AutoCloseable {

    /** The kinds of fault; one of each kind is in force at a time (a new one replaces the old). */
    public enum Kind {
        LATENCY,
        BANDWIDTH,
        BLACKHOLE,
        RESET
    }

    private final String name;
    private final InetSocketAddress upstream;
    private final ProxyLoop loop;

    private FaultProxy(String name, InetSocketAddress upstream, ProxyLoop loop) {
        this.name = name;
        this.upstream = upstream;
        this.loop = loop;
    }

    /**
     * Starts a proxy named {@code name} (it names the proxy's thread and log lines) on a free port of
     * 127.0.0.1, forwarding to {@code upstream}; returns when it accepts connections.
     */
    public static FaultProxy start(String name, InetSocketAddress upstream) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A fault proxy needs a name (it names its thread and log lines)");
        }
        return new FaultProxy(name, upstream, ProxyLoop.start(name, upstream));
    }

    /** Starts a proxy to {@code host:port}; see {@link #start(String, InetSocketAddress)}. */
    public static FaultProxy start(String name, String host, int port) {
        return start(name, new InetSocketAddress(host, port));
    }

    public String name() {
        return name;
    }

    /** The proxy's own port on 127.0.0.1. */
    public int port() {
        return loop.port();
    }

    /** {@code 127.0.0.1:port}, where clients connect instead of the server. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The server it forwards to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Delays every chunk, each way, by {@code fixed} plus a jitter drawn uniformly from {@code [0, jitter]}. */
    public Fault latency(Duration fixed, Duration jitter, Duration lasting) {
        requireNotNegative(fixed, "latency");
        requireNotNegative(jitter, "jitter");
        return start(
                Kind.LATENCY,
                conditions -> conditions.withLatency(fixed, jitter),
                lasting,
                "latency " + fixed.toMillis() + " ms + up to " + jitter.toMillis() + " ms jitter");
    }

    /** Limits each direction to {@code bytesPerSecond}, shared by all connections. */
    public Fault bandwidth(long bytesPerSecond, Duration lasting) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, was " + bytesPerSecond + " bytes/s");
        }
        return start(
                Kind.BANDWIDTH,
                conditions -> conditions.withBandwidth(bytesPerSecond),
                lasting,
                "bandwidth " + bytesPerSecond + " bytes/s");
    }

    /** Delivers nothing either way, while accepting connections and taking bytes; see the class comment. */
    public Fault blackhole(Duration lasting) {
        return start(Kind.BLACKHOLE, LinkConditions::withBlackhole, lasting, "blackhole");
    }

    /**
     * Cuts every connection with a TCP reset and refuses new ones. When this returns, every connection
     * is cut and the port refuses.
     */
    public Fault reset(Duration lasting) {
        return start(Kind.RESET, LinkConditions::withReset, lasting, "reset");
    }

    /** Ends every fault now. */
    public void restore() {
        loop.healAll();
    }

    /** What the proxy has seen so far. */
    public Stats stats() {
        ProxyCounters counters = loop.counters();
        return new Stats(
                counters.accepted(),
                counters.acceptedWhileBlackholed(),
                counters.open(),
                counters.cut(),
                counters.upstreamFailures(),
                counters.bytesToServer(),
                counters.bytesToClient(),
                Duration.ofNanos(counters.longestHoldNanos()),
                loop.heldBytes());
    }

    /** Cuts every connection and releases the port. Calling it again does nothing. */
    @Override
    public void close() {
        loop.close();
    }

    @Override
    public String toString() {
        return "FaultProxy '" + name + "' " + address() + " -> " + upstream.getHostString() + ":" + upstream.getPort();
    }

    private Fault start(Kind kind, UnaryOperator<LinkConditions> effect, Duration lasting, String what) {
        if (lasting == null || lasting.isNegative() || lasting.isZero()) {
            throw new IllegalArgumentException("a fault must last a positive duration, was " + lasting);
        }
        String description = what + " for " + lasting.toMillis() + " ms";
        return new Fault(kind, loop.startFault(kind, effect, lasting, description), description);
    }

    private static void requireNotNegative(Duration duration, String what) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, was " + duration);
        }
    }

    /** A fault in force; it heals when its duration has passed, or on {@link #heal()} or {@link #close()}. */
    public final class Fault implements AutoCloseable {

        private final Kind kind;
        private final long id;
        private final String description;

        private Fault(Kind kind, long id, String description) {
            this.kind = kind;
            this.id = id;
            this.description = description;
        }

        /** Ends this fault now (does nothing if it has ended or a newer fault of its kind replaced it). */
        public void heal() {
            loop.heal(kind, id);
        }

        /** Whether this fault is still in force. */
        public boolean isActive() {
            return loop.isActive(kind, id);
        }

        /** Waits until the fault has ended by itself. */
        public void awaitHealed(Duration timeout) {
            Await.until(description + " on " + FaultProxy.this + " to end", () -> !isActive(), timeout);
        }

        public Kind kind() {
            return kind;
        }

        public String description() {
            return description;
        }

        /** Same as {@link #heal()}, for {@code try (Fault f = proxy.blackhole(...)) {...}}. */
        @Override
        public void close() {
            heal();
        }

        @Override
        public String toString() {
            return description + " on " + FaultProxy.this;
        }
    }

    /**
     * What a proxy has seen since it started.
     *
     * @param accepted client connections accepted
     * @param acceptedWhileBlackholed of those, the ones accepted during a {@link #blackhole}, held unanswered
     *     (a client that connects again while blackholed has given up on a connection that did not answer)
     * @param open connections open now (including those held pending by a blackhole)
     * @param cut connections cut by a {@link #reset}
     * @param upstreamFailures connections the server refused or dropped before they were set up
     * @param bytesToServer bytes delivered to the server
     * @param bytesToClient bytes delivered to clients
     * @param longestHold the longest time a chunk spent in the proxy before it was delivered
     * @param heldBytes bytes held in the proxy right now, not yet delivered
     */
    public record Stats(
            long accepted,
            long acceptedWhileBlackholed,
            int open,
            long cut,
            long upstreamFailures,
            long bytesToServer,
            long bytesToClient,
            Duration longestHold,
            int heldBytes) {}
}
