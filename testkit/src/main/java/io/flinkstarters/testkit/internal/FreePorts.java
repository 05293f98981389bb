package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Picks free loopback ports for servers that must know their ports before they start, so port 0 is
 * not enough: the Kafka broker (its controller quorum is configured by address, and a restart must
 * get the same ports back) and a process cluster's JobManager (TaskManagers and clients are told
 * its RPC and REST ports in their configuration).
 */
@Internal
public final class FreePorts {

    private FreePorts() {}

    /**
     * Distinct ports on 127.0.0.1 that were free a moment ago (all held open at once, so they differ);
     * the caller retries if another process takes one first.
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port is released either way
        }
    }
}
