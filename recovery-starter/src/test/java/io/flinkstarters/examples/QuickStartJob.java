package io.flinkstarters.examples;

import io.flinkstarters.FlinkStarters;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** A minimal job run by QuickStartJobITCase with the README's application.conf, so that snippet cannot rot. */
public final class QuickStartJob {

    private QuickStartJob() {}

    public static void main(String[] args) throws Exception {
        run();
    }

    static JobExecutionResult run() throws Exception {
        // Reads application.conf (or -Dconfig.file) and FLINK_* environment variables over the
        // production defaults, validates everything, and fails here, before the job starts, on any problem.
        StreamExecutionEnvironment env = FlinkStarters.environment();

        env.fromSequence(1, 1_000)
                .keyBy(n -> n % 10)
                .reduce(Long::sum)
                .uid("sum-per-key") // stable uids let state survive upgrades
                .sinkTo(new DiscardingSink<>());

        return env.execute("quick-start");
    }
}
