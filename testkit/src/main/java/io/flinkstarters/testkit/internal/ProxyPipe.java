package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.apache.flink.annotation.Internal;

/**
 * One direction of one proxied connection: the chunks read from the source side and not yet delivered
 * to the sink side, each with the time it may be delivered. Chunks leave in the order they came (a
 * chunk never overtakes an earlier one, whatever jitter it drew), and the end of the stream is queued
 * like data, so a half-close arrives after the delayed bytes before it.
 */
@Internal
public final class ProxyPipe {

    /** Bytes held per direction before the proxy stops reading (the sender then feels TCP back-pressure). */
    static final int MAX_QUEUED_BYTES = 1024 * 1024;

    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private int queuedBytes;
    private long lastReleaseNanos = Long.MIN_VALUE;
    private boolean endRead;
    private boolean endWritten;
    private boolean writeBlocked;

    /** Whether the source side may be read: its stream has not ended and the proxy holds less than its limit. */
    boolean canRead() {
        return !endRead && queuedBytes < MAX_QUEUED_BYTES;
    }

    void add(ByteBuffer data, long readNanos, long releaseNanos) {
        queue.add(new Chunk(data, readNanos, ordered(releaseNanos)));
        queuedBytes += data.remaining();
    }

    void endOfStream(long readNanos, long releaseNanos) {
        endRead = true;
        queue.add(new Chunk(null, readNanos, ordered(releaseNanos)));
    }

    private long ordered(long releaseNanos) {
        lastReleaseNanos = Math.max(lastReleaseNanos, releaseNanos);
        return lastReleaseNanos;
    }

    /**
     * Writes every chunk that is due to {@code sink}, stopping early if the sink's buffer is full.
     *
     * @return the bytes written
     */
    long deliverDue(SocketChannel sink, long nowNanos, ProxyCounters counters) throws IOException {
        long written = 0;
        writeBlocked = false;
        Chunk head;
        while ((head = queue.peek()) != null && head.releaseNanos() <= nowNanos) {
            if (head.isEnd()) {
                sink.shutdownOutput();
                endWritten = true;
                queue.poll();
                counters.held(nowNanos - head.readNanos());
                break;
            }
            written += sink.write(head.data());
            if (head.data().hasRemaining()) {
                writeBlocked = true;
                break;
            }
            queue.poll();
            queuedBytes -= head.data().limit();
            counters.held(nowNanos - head.readNanos());
        }
        return written;
    }

    /** When the next chunk is due ({@link Long#MAX_VALUE} if none waits, or the sink must drain first). */
    long nextReleaseNanos() {
        Chunk head = queue.peek();
        return head == null || writeBlocked ? Long.MAX_VALUE : head.releaseNanos();
    }

    boolean writeBlocked() {
        return writeBlocked;
    }

    boolean endWritten() {
        return endWritten;
    }

    int queuedBytes() {
        return queuedBytes;
    }

    /** Data waiting for its time, or the end of stream ({@code data == null}). */
    private record Chunk(ByteBuffer data, long readNanos, long releaseNanos) {
        boolean isEnd() {
            return data == null;
        }
    }
}
