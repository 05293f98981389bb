package io.flinkstarters.recovery;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How fast the JobManager and ResourceManager notice a lost TaskManager.
 *
 * <p>A killed TaskManager process refuses connections, so it is noticed after about two missed
 * heartbeats (Flink's {@code heartbeat.rpc-failure-threshold}, 2), i.e. {@code 2 × interval}. A
 * TaskManager that hangs or whose host vanishes is noticed only after {@code timeout}: that is the
 * value a restart strategy must outlast, since until then restarts are redeployed onto it. Both are
 * cluster-level options: Flink's {@code heartbeat.interval} and {@code heartbeat.timeout}.
 */
@PublicEvolving
public record HeartbeatSettings(Duration interval, Duration timeout) {}
