package io.flinkstarters.kafka.internal;

import io.flinkstarters.config.DurationFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * The longest a job is away after a failure before its restored sink commits what it pre-committed:
 * a lost TaskManager is noticed after the heartbeat timeout, then the restart strategy waits, for as
 * long as the cause lasts (fixed-delay: every attempt × the delay; exponential-delay: its longest
 * backoff; failure-rate: its delay; none: no restart, nothing is committed again). Read from Flink's own
 * options, so it holds for a job configured through the starters or in code alike.
 *
 * @param explanation each term with its key and value, then the sum
 */
@Internal
public record FailoverOutage(Duration duration, String explanation) {

    /**
     * @param keyName the name to show for a Flink option (the starters' HOCON key, or the option's own)
     * @param checkpointing whether checkpoints are on (Flink's default strategy depends on it)
     */
    public static FailoverOutage of(
            ReadableConfig flink, boolean checkpointing, Function<ConfigOption<?>, String> keyName) {
        Duration heartbeat = flink.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT);
        String detection = term(keyName, HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, DurationFormat.of(heartbeat));
        String type = flink.getOptional(RestartStrategyOptions.RESTART_STRATEGY)
                .map(name -> name.toLowerCase(Locale.ROOT).replace("-", ""))
                .orElse(checkpointing ? "exponentialdelay" : "none");
        Duration pause;
        String pauseTerm;
        switch (type) {
            case "fixeddelay" -> {
                int attempts = flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS);
                Duration delay = flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
                pause = delay.multipliedBy(attempts);
                pauseTerm = term(keyName, RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts)
                        + " x " + term(keyName, RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
            }
            case "failurerate" -> {
                pause = flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY);
                pauseTerm = term(keyName, RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, pause);
            }
            case "exponentialdelay" -> {
                pause = flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
                pauseTerm = term(keyName, RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, pause);
            }
            default -> {
                pause = Duration.ZERO;
                pauseTerm = term(keyName, RestartStrategyOptions.RESTART_STRATEGY, "none") + " (no restart)";
            }
        }
        Duration total = heartbeat.plus(pause);
        return new FailoverOutage(total, detection + " + " + pauseTerm + " = " + DurationFormat.of(total));
    }

    private static String term(Function<ConfigOption<?>, String> keyName, ConfigOption<?> option, Object value) {
        return keyName.apply(option) + " = "
                + (value instanceof Duration duration ? DurationFormat.of(duration) : value);
    }
}
