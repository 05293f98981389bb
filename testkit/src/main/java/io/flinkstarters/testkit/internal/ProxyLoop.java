package io.flinkstarters.testkit.internal;

import io.flinkstarters.testkit.FaultProxy.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread behind a fault proxy: one NIO selector for the listening socket and every
 * connection, so that all state (connections, held chunks, active faults) is touched by this thread
 * only. Callers hand it work through {@link #call} and wait until it has been applied: when a fault
 * call returns, the fault is in force (for a reset: every connection is cut and the port refuses).
 */
@Internal
public final class ProxyLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyLoop.class);

    /** How long a caller waits for the loop to apply its call; the loop answers in microseconds unless broken. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How soon the loop tries again to take its port back after a reset, if another socket holds it. */
    private static final long REBIND_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final InetSocketAddress upstream;
    private final Selector selector;
    private final int port;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final Set<ProxyConnection> connections = new LinkedHashSet<>();
    private final ProxyLink toServer;
    private final ProxyLink toClient;
    private final ProxyCounters counters = new ProxyCounters();
    private final Map<Kind, ActiveFault> active = new EnumMap<>(Kind.class);
    private volatile Map<Kind, Long> activeIds = Map.of();
    private LinkConditions conditions = LinkConditions.HEALTHY;
    private ServerSocketChannel listener;
    private long rebindAtNanos = Long.MAX_VALUE;
    private long nextFaultId = 1;
    private volatile boolean running = true;

    private ProxyLoop(String name, InetSocketAddress upstream, Selector selector, ServerSocketChannel listener) {
        this.name = name;
        this.upstream = upstream;
        this.selector = selector;
        this.listener = listener;
        this.port = listener.socket().getLocalPort();
        this.toServer = new ProxyLink(name.hashCode());
        this.toClient = new ProxyLink(~name.hashCode());
        this.thread = new Thread(this::run, "fault-proxy-" + name);
        thread.setDaemon(true);
    }

    /** Binds a free loopback port and starts the loop thread. */
    public static ProxyLoop start(String name, InetSocketAddress upstream) {
        try {
            Selector selector = Selector.open();
            ServerSocketChannel listener = bind(0);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            ProxyLoop loop = new ProxyLoop(name, upstream, selector, listener);
            loop.thread.start();
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException("Fault proxy '" + name + "' cannot listen on the loopback interface", e);
        }
    }

    public int port() {
        return port;
    }

    public ProxyCounters counters() {
        return counters;
    }

    /** Puts a fault in force for {@code lasting} (replacing an active one of the same kind); returns its id. */
    public long startFault(Kind kind, UnaryOperator<LinkConditions> effect, Duration lasting, String description) {
        return call(() -> {
            long id = nextFaultId++;
            active.put(kind, new ActiveFault(id, System.nanoTime() + lasting.toNanos(), effect, description));
            LOG.info("Fault proxy '{}' ({} -> {}): {}", name, port, upstream.getPort(), description);
            applyConditions();
            return id;
        });
    }

    /** Ends the fault {@code id} if it is still the active one of its kind. */
    public void heal(Kind kind, long id) {
        call(() -> {
            ActiveFault fault = active.get(kind);
            if (fault != null && fault.id() == id) {
                end(kind, "healed");
            }
            return null;
        });
    }

    /** Ends every fault. */
    public void healAll() {
        call(() -> {
            for (Kind kind : List.copyOf(active.keySet())) {
                end(kind, "healed (restore)");
            }
            return null;
        });
    }

    public boolean isActive(Kind kind, long id) {
        Long current = activeIds.get(kind);
        return current != null && current == id;
    }

    /** Bytes held in the proxy right now, both ways, over all connections. */
    public int heldBytes() {
        return call(
                () -> connections.stream().mapToInt(ProxyConnection::heldBytes).sum());
    }

    /** Runs {@code work} on the loop thread and returns its result. */
    private <T> T call(Callable<T> work) {
        if (!running) {
            throw new IllegalStateException("Fault proxy '" + name + "' is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Fault proxy '" + name + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Fault proxy '" + name + "' did not answer within " + CALL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling fault proxy '" + name + "'", e);
        }
    }

    private void end(Kind kind, String how) {
        ActiveFault fault = active.remove(kind);
        LOG.info("Fault proxy '{}' ({} -> {}): {} {}", name, port, upstream.getPort(), fault.description(), how);
        applyConditions();
    }

    /** Recomputes the link's conditions from the active faults and does what a change asks for at once. */
    private void applyConditions() {
        LinkConditions before = conditions;
        LinkConditions now = LinkConditions.HEALTHY;
        Map<Kind, Long> ids = new EnumMap<>(Kind.class);
        for (Map.Entry<Kind, ActiveFault> entry : active.entrySet()) {
            now = entry.getValue().effect().apply(now);
            ids.put(entry.getKey(), entry.getValue().id());
        }
        conditions = now;
        activeIds = Map.copyOf(ids);
        if (now.reset() && !before.reset()) {
            cutEverything();
        }
        if (!now.reset() && before.reset()) {
            rebindAtNanos = System.nanoTime();
            rebind();
        }
        if (!now.blackhole() && !now.reset()) {
            connections.stream().filter(ProxyConnection::pending).toList().forEach(this::connectUpstream);
        }
    }

    /** Cuts every connection with a reset and stops listening, so new connections are refused. */
    private void cutEverything() {
        for (ProxyConnection connection : connections) {
            connection.abort();
            counters.cut.incrementAndGet();
        }
        connections.clear();
        counters.open.set(0);
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        flushClosedChannels();
    }

    private void rebind() {
        try {
            listener = bind(port);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            rebindAtNanos = Long.MAX_VALUE;
        } catch (IOException e) {
            LOG.warn("Fault proxy '{}' cannot take back port {} yet: {}", name, port, e.toString());
            rebindAtNanos = System.nanoTime() + REBIND_RETRY_NANOS;
        }
    }

    private static ServerSocketChannel bind(int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void run() {
        try {
            while (running) {
                runCalls();
                long now = System.nanoTime();
                expireFaults(now);
                if (rebindAtNanos <= now) {
                    rebind();
                }
                for (ProxyConnection connection : List.copyOf(connections)) {
                    pump(connection, now);
                }
                selector.select(selectTimeoutMillis(System.nanoTime()));
                handleSelected(System.nanoTime());
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("Fault proxy '{}' stopped on an unexpected failure", name, e);
        } finally {
            shutDown();
        }
    }

    private void runCalls() {
        Runnable call;
        while ((call = calls.poll()) != null) {
            call.run();
        }
    }

    private void expireFaults(long now) {
        for (Map.Entry<Kind, ActiveFault> entry : List.copyOf(active.entrySet())) {
            if (entry.getValue().deadlineNanos() <= now) {
                end(entry.getKey(), "ended after its duration");
            }
        }
    }

    private long selectTimeoutMillis(long now) {
        long wake = rebindAtNanos;
        for (ActiveFault fault : active.values()) {
            wake = Math.min(wake, fault.deadlineNanos());
        }
        if (!conditions.blackhole()) {
            for (ProxyConnection connection : connections) {
                wake = Math.min(wake, connection.nextReleaseNanos());
            }
        }
        if (wake == Long.MAX_VALUE) {
            return 0; // nothing scheduled: sleep until a socket or a call wakes the loop
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wake - now + 999_999));
    }

    private void handleSelected(long now) {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() == null) {
                accept();
            } else {
                handle(key, (ProxyConnection.Attachment) key.attachment(), now);
            }
        }
    }

    private void accept() {
        if (listener == null) {
            return;
        }
        try {
            SocketChannel client;
            while ((client = listener.accept()) != null) {
                ProxyConnection connection = new ProxyConnection(client, selector);
                connections.add(connection);
                counters.accepted.incrementAndGet();
                counters.open.set(connections.size());
                if (conditions.blackhole()) {
                    counters.acceptedWhileBlackholed.incrementAndGet();
                } else {
                    connectUpstream(connection);
                }
            }
        } catch (IOException e) {
            LOG.warn("Fault proxy '{}' failed to accept a connection: {}", name, e.toString());
        }
    }

    private void connectUpstream(ProxyConnection connection) {
        try {
            connection.connect(upstream, selector);
        } catch (IOException e) {
            upstreamFailed(connection, e);
        }
    }

    private void handle(SelectionKey key, ProxyConnection.Attachment attachment, long now) {
        ProxyConnection connection = attachment.connection();
        if (connection.isClosed()) {
            return;
        }
        if (key.isConnectable()) {
            try {
                connection.finishConnect();
            } catch (IOException e) {
                // a failed finishConnect closes the channel (and so cancels its key) before it throws
                upstreamFailed(connection, e);
                return;
            }
        }
        try {
            if (key.isValid() && key.isReadable()) {
                connection.read(attachment.client(), now, attachment.client() ? toServer : toClient, conditions);
            }
            // writable: the next pump delivers what the full buffer held back
            pump(connection, now);
        } catch (IOException e) {
            LOG.debug("Fault proxy '{}': connection failed: {}", name, e.toString());
            remove(connection, true);
        }
    }

    private void pump(ProxyConnection connection, long now) {
        if (connection.isClosed()) {
            return;
        }
        try {
            if (!conditions.blackhole()) {
                connection.deliverDue(now, counters);
            }
            if (connection.finished()) {
                remove(connection, false);
            } else {
                connection.updateInterest(conditions.blackhole());
            }
        } catch (IOException e) {
            LOG.debug("Fault proxy '{}': delivery failed: {}", name, e.toString());
            remove(connection, true);
        }
    }

    private void upstreamFailed(ProxyConnection connection, IOException e) {
        counters.upstreamFailures.incrementAndGet();
        LOG.debug("Fault proxy '{}' cannot reach {}: {}", name, upstream, e.toString());
        remove(connection, true);
    }

    private void remove(ProxyConnection connection, boolean reset) {
        if (reset) {
            connection.abort();
        } else {
            connection.close();
        }
        connections.remove(connection);
        counters.open.set(connections.size());
    }

    /** A closed channel that is registered with the selector is released only at the next selection. */
    private void flushClosedChannels() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            LOG.warn("Fault proxy '{}': selector failed while releasing sockets: {}", name, e.toString());
        }
    }

    /** Stops the loop, cuts every connection and releases the port. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(CALL_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDown() {
        running = false;
        List<ProxyConnection> open = new ArrayList<>(connections);
        open.forEach(ProxyConnection::abort);
        connections.clear();
        counters.open.set(0);
        if (listener != null) {
            closeQuietly(listener);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        Runnable call;
        while ((call = calls.poll()) != null) {
            call.run(); // callers waiting on a closed proxy get an answer, not a timeout
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the port is released either way
        }
    }

    private record ActiveFault(long id, long deadlineNanos, UnaryOperator<LinkConditions> effect, String description) {}
}
