package io.flinkstarters.failure;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The job {@code FailureEnricherProcessITCase} submits as a jar: its own code fails once, on the first
 * attempt, then it runs until cancelled, restarting whenever it loses its TaskManager.
 */
public final class FailingJobMain {

    private FailingJobMain() {}

    public static void main(String[] args) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(1);
        env.fromSource(
                        new DataGeneratorSource<>(
                                n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "sequence")
                .map(new FailOnFirstAttempt())
                .sinkTo(new DiscardingSink<>());
        env.execute("failing-job");
    }

    private static final class FailOnFirstAttempt extends RichMapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            if (value >= 5 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                throw new IllegalStateException("the job's own code failed on " + value);
            }
            return value;
        }
    }
}
