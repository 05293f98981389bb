package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.apache.flink.annotation.Internal;

/**
 * One client connection through a fault proxy and its connection to the upstream server, with a
 * {@link ProxyPipe} each way. While the link is blackholed a new connection stays pending: accepted,
 * its client's bytes held, the server not yet contacted.
 */
@Internal
public final class ProxyConnection {

    private final SocketChannel client;
    private final SelectionKey clientKey;
    private final ProxyPipe toServer = new ProxyPipe();
    private final ProxyPipe toClient = new ProxyPipe();
    private SocketChannel server;
    private SelectionKey serverKey;
    private boolean connected;
    private boolean closed;

    ProxyConnection(SocketChannel client, Selector selector) throws IOException {
        this.client = client;
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.clientKey = client.register(selector, SelectionKey.OP_READ, new Attachment(this, true));
    }

    boolean pending() {
        return server == null;
    }

    /** Starts connecting to the upstream server (non-blocking; {@link #finishConnect()} completes it). */
    void connect(InetSocketAddress upstream, Selector selector) throws IOException {
        server = SocketChannel.open();
        server.configureBlocking(false);
        server.setOption(StandardSocketOptions.TCP_NODELAY, true);
        serverKey = server.register(selector, 0, new Attachment(this, false));
        connected = server.connect(upstream);
        updateInterest(false);
    }

    void finishConnect() throws IOException {
        connected = server.finishConnect();
    }

    /**
     * Reads what the client ({@code fromClient}) or the server has sent into the pipe toward the other side.
     *
     * @return the bytes read, or -1 at the end of that socket's stream
     */
    int read(boolean fromClient, long nowNanos, ProxyLink link, LinkConditions conditions) throws IOException {
        SocketChannel source = fromClient ? client : server;
        ProxyPipe pipe = fromClient ? toServer : toClient;
        ByteBuffer buffer = ByteBuffer.allocate(ProxyLink.chunkSize(conditions));
        int read = source.read(buffer);
        if (read < 0) {
            pipe.endOfStream(nowNanos, link.releaseTime(nowNanos, 0, conditions));
        } else if (read > 0) {
            buffer.flip();
            pipe.add(buffer, nowNanos, link.releaseTime(nowNanos, read, conditions));
        }
        return read;
    }

    /** Delivers what is due both ways (nothing reaches a server not yet connected). */
    void deliverDue(long nowNanos, ProxyCounters counters) throws IOException {
        if (connected) {
            counters.bytesToServer.addAndGet(toServer.deliverDue(server, nowNanos, counters));
            counters.bytesToClient.addAndGet(toClient.deliverDue(client, nowNanos, counters));
        }
    }

    /** When the next held chunk is due, either way. */
    long nextReleaseNanos() {
        return connected ? Math.min(toServer.nextReleaseNanos(), toClient.nextReleaseNanos()) : Long.MAX_VALUE;
    }

    /** Both directions delivered their end of stream: nothing more will cross. */
    boolean finished() {
        return toServer.endWritten() && toClient.endWritten();
    }

    int heldBytes() {
        return toServer.queuedBytes() + toClient.queuedBytes();
    }

    /** Sets what each socket waits for: reads while its pipe has room, writes while a write is blocked. */
    void updateInterest(boolean blackholed) {
        if (closed) {
            return;
        }
        clientKey.interestOps(ops(toServer.canRead(), !blackholed && toClient.writeBlocked()));
        if (serverKey != null) {
            serverKey.interestOps(
                    connected
                            ? ops(toClient.canRead(), !blackholed && toServer.writeBlocked())
                            : SelectionKey.OP_CONNECT);
        }
    }

    private static int ops(boolean read, boolean write) {
        return (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
    }

    /** Closes both sockets after an orderly end. */
    void close() {
        closeBoth(false);
    }

    /** Closes both sockets with a TCP reset (RST), as a cut connection looks to both peers. */
    void abort() {
        closeBoth(true);
    }

    boolean isClosed() {
        return closed;
    }

    private void closeBoth(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(client, reset);
        if (server != null) {
            closeQuietly(server, reset);
        }
    }

    private static void closeQuietly(SocketChannel channel, boolean reset) {
        try {
            if (reset && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // not connected yet: closing it is all that can be done
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the socket is gone either way
        }
    }

    /** What a selection key of a connection stands for: its client's socket, or its server's. */
    record Attachment(ProxyConnection connection, boolean client) {}
}
