package io.flinkstarters.testkit;

import java.util.OptionalInt;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Proof that a cluster component really went away: what was lost, how, and for a killed process its exit
 * status (137 = 128 + SIGKILL).
 *
 * @param component e.g. {@code taskmanager-1} or {@code jobmanager}
 * @param how e.g. {@code killed with SIGKILL (pid 4711)} or {@code shut down (MiniCluster)}
 * @param exitStatus the process's exit status; empty on the MiniCluster, where nothing exits
 */
@PublicEvolving
public record Loss(String component, String how, OptionalInt exitStatus) {

    /** The exit status of a process killed by SIGKILL. */
    public static final int SIGKILL_EXIT_STATUS = 137;

    /** A process killed with SIGKILL that exited with {@code exitStatus}. */
    public static Loss killed(String component, long pid, int exitStatus) {
        return new Loss(component, "killed with SIGKILL (pid " + pid + ")", OptionalInt.of(exitStatus));
    }

    /** Whether the component was a process that died of SIGKILL. */
    public boolean killedBySigkill() {
        return exitStatus.isPresent() && exitStatus.getAsInt() == SIGKILL_EXIT_STATUS;
    }

    @Override
    public String toString() {
        return component + " " + how
                + exitStatus.stream()
                        .mapToObj(status -> ", exit status " + status)
                        .findFirst()
                        .orElse("");
    }
}
