package io.flinkstarters.testkit.starters;

import io.flinkstarters.StarterSettings;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.InJvmMiniCluster;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A small stateful job: a checkpointed sequence 0, 1, 2, ... is keyed by {@code n % KEYS} and each
 * key counts its elements in keyed state. Every output {@code (n, count)} must satisfy
 * {@code count == n / KEYS + 1}, which holds across restores only when source position and keyed
 * state are restored together from the same checkpoint.
 */
final class CountingJob {

    static final int KEYS = 4;

    private static final Map<String, Queue<Output>> OUTPUTS = new ConcurrentHashMap<>();

    /** One emitted count. */
    record Output(long n, long count) {
        boolean consistent() {
            return count == n / KEYS + 1;
        }
    }

    private CountingJob() {}

    /** Adds the job to {@code env}; its outputs are collected under {@code run}. */
    static void build(StreamExecutionEnvironment env, String run, int elementsPerSecond) {
        OUTPUTS.put(run, new ConcurrentLinkedQueue<>());
        env.fromSource(
                        new DataGeneratorSource<>(
                                n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(elementsPerSecond), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "sequence")
                .uid("sequence")
                .setParallelism(1)
                .keyBy(n -> n % KEYS)
                .process(new Counter())
                .uid("counter")
                .sinkTo(new CollectingSink(run))
                .uid("collect");
    }

    /**
     * Runs the job with the starters' {@code settings} on a new MiniCluster until {@code checkpoints}
     * checkpoints have completed and it has emitted at least 10 counts, then cancels it (a retained
     * checkpoint stays behind); returns what it emitted.
     */
    static List<Output> runUntilCheckpointed(StarterSettings settings, String run, int checkpoints) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        build(env, run, 100);
        try (InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                .configuration(settings.clusterConfiguration())
                .start()) {
            JobID job = cluster.submit(env);
            cluster.awaitCompletedCheckpoints(job, checkpoints);
            Await.until("output of " + run, () -> outputs(run).size(), size -> size >= 10, cluster.timeout());
            cluster.cancel(job);
        }
        return outputs(run);
    }

    static List<Output> outputs(String run) {
        return List.copyOf(OUTPUTS.getOrDefault(run, new ConcurrentLinkedQueue<>()));
    }

    static String describe(List<Output> outputs) {
        return outputs.stream()
                .limit(12)
                .map(Output::toString)
                .collect(Collectors.joining(", ", "[", outputs.size() > 12 ? ", ...]" : "]"));
    }

    private static final class Counter extends KeyedProcessFunction<Long, Long, Output> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long n, Context context, Collector<Output> out) throws IOException {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(new Output(n, next));
        }
    }

    private record CollectingSink(String run) implements Sink<Output> {
        @Override
        public SinkWriter<Output> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Output output, Context context) {
                    OUTPUTS.get(run).add(output);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
