package io.flinkstarters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.testkit.InJvmMiniCluster;
import io.flinkstarters.testkit.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line end to end, on snapshots written by real jobs on a MiniCluster: to a local directory
 * with each state backend and to an S3-protocol store; with an incomplete checkpoint (no
 * {@code _metadata}), a snapshot of the other backend and a bucket that does not answer.
 */
class StartersCliITCase {

    private static final Logger LOG = LoggerFactory.getLogger(StartersCliITCase.class);

    private static ObjectStore store;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startStore() {
        store = ObjectStore.start("cli");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    /** What one run of the command line printed and returned. */
    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = StartersCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // The real output, as docs/OPERATIONS.md shows it.
        LOG.info("$ flink-starters {}\n{}{}(exit {})", String.join(" ", args), run.out(), run.err(), run.exit());
        return run;
    }

    private static Path config(String name, String hocon) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), hocon);
    }

    private static String local(String backend) {
        return """
                flink.checkpoint {
                  interval = 200ms
                  min-pause = 50ms
                  storage.dir = "%s"
                  state-backend.type = %s
                }
                flink.recovery.restore.from = latest-retained
                """.formatted(dir.resolve("checkpoints-" + backend).toUri(), backend);
    }

    private static String s3() {
        return """
                flink.checkpoint {
                  interval = 200ms
                  min-pause = 50ms
                  storage.dir = "%s"
                }
                flink.recovery.restore.from = latest-retained
                """.formatted(store.uri("checkpoints")) + store.starterHocon();
    }

    /** Runs a small stateful job until it has completed checkpoints, then cancels it (they are retained). */
    private static void writeSnapshots(Path configFile) throws Exception {
        StarterSettings settings = FlinkStarters.settings(ConfigLoader.load(configFile, Map.of()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        env.fromSource(
                        new DataGeneratorSource<>(
                                n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(100), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "sequence")
                .uid("sequence")
                .keyBy(n -> n % 4)
                .process(new Count())
                .uid("count")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        try (InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                .configuration(settings.clusterConfiguration())
                .start()) {
            JobID job = cluster.submit(env);
            cluster.awaitCompletedCheckpoints(job, 2);
            cluster.cancel(job);
        }
    }

    @Test
    void checkpointsListsRealSnapshotsAndMarksWhatLatestRetainedPicks() throws Exception {
        Path rocksdb = config("rocksdb", local("rocksdb"));
        writeSnapshots(rocksdb);
        Path checkpoints = dir.resolve("checkpoints-rocksdb");
        Path someJob =
                Files.list(checkpoints).filter(Files::isDirectory).findFirst().orElseThrow();
        Files.createDirectories(someJob.resolve("chk-999")); // an aborted checkpoint: no _metadata

        Run run = cli("checkpoints", checkpoints.toUri().toString(), "--config", rocksdb.toString());

        assertThat(run.exit()).isEqualTo(StartersCli.VALID);
        assertThat(run.out())
                .contains("KIND", "FORMAT", "STATUS")
                .contains("rocksdb-incremental")
                .contains("* latest-retained picks this (newest)")
                .contains("skipped: incomplete (no _metadata)");
        Run json = cli("checkpoints", checkpoints.toUri().toString(), "--config", rocksdb.toString(), "--json");
        assertThat(json.out()).startsWith("{").contains("\"picked\":true").contains("\"uid\":\"count\"");
    }

    @Test
    void aSnapshotOfTheOtherBackendIsMarkedAndItsRestoreRefused() throws Exception {
        Path rocksdb = config("rocksdb-job", local("rocksdb").replace("checkpoints-rocksdb", "checkpoints-other"));
        writeSnapshots(rocksdb);
        Path hashmap = config("hashmap-job", local("hashmap").replace("checkpoints-hashmap", "checkpoints-other"));

        Run listing =
                cli("checkpoints", dir.resolve("checkpoints-other").toUri().toString(), "--config", hashmap.toString());
        Run plan = cli("restore-plan", "--config", hashmap.toString());

        assertThat(listing.out())
                .contains("latest-retained picks this and the restore is refused: wrong state backend"
                        + " (rocksdb-incremental for a hashmap job)");
        assertThat(plan.exit()).isEqualTo(StartersCli.INVALID);
        assertThat(plan.out())
                .contains("flink.recovery.restore.from = latest-retained")
                .contains("was written by RocksDB");
        assertThat(cli("restore-plan", "--config", rocksdb.toString()).exit())
                .as("the same snapshot for a RocksDB job")
                .isEqualTo(StartersCli.VALID);
    }

    @Test
    void aSnapshotOlderThanMaxAgeIsMarkedAndRefusedOrWarnedAboutAsTheJobWould() throws Exception {
        String aged = local("rocksdb").replace("checkpoints-rocksdb", "checkpoints-aged");
        Path refuse = config("aged-refuse", aged + "flink.recovery.restore.max-age = 1ms\n");
        writeSnapshots(refuse);
        Path warn = config("aged-warn", aged + "flink.recovery.restore { max-age = 1ms, max-age-action = warn }\n");
        Path generous = config("aged-generous", aged + "flink.recovery.restore.max-age = 1h\n");
        String listed = dir.resolve("checkpoints-aged").toUri().toString();

        assertThat(cli("checkpoints", listed, "--config", refuse.toString()).out())
                .contains("* latest-retained picks this and the restore is refused: older than"
                        + " flink.recovery.restore.max-age = 1ms (completed ");
        Run refused = cli("restore-plan", "--config", refuse.toString());
        assertThat(refused.exit()).isEqualTo(StartersCli.INVALID);
        assertThat(refused.out()).contains("flink.recovery.restore.max-age", "which is older than this limit");

        assertThat(cli("checkpoints", listed, "--config", warn.toString()).out())
                .contains("* latest-retained picks this (newest); warning: older than"
                        + " flink.recovery.restore.max-age = 1ms");
        Run warned = cli("restore-plan", "--config", warn.toString());
        assertThat(warned.exit()).isEqualTo(StartersCli.VALID);
        assertThat(warned.out())
                .contains("the next deployment restores from the checkpoint")
                .contains("warning: flink.recovery.restore.max-age")
                .contains("restored anyway");
        assertThat(cli("restore-plan", "--config", warn.toString(), "--json").out())
                .contains("\"warnings\":[\"")
                .contains("restored anyway");

        Run young = cli("checkpoints", listed, "--config", generous.toString());
        assertThat(young.out())
                .contains("* latest-retained picks this (newest)")
                .doesNotContain("max-age");
    }

    @Test
    void onS3TheListingAndThePlanUseTheConfigurationsS3SettingsAndAnUnreachableBucketCannotBeRead() throws Exception {
        Path s3 = config("s3", s3());
        writeSnapshots(s3);

        Run plan = cli("restore-plan", "--config", s3.toString());
        assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(StartersCli.VALID);
        assertThat(plan.out()).contains("the next deployment restores from the checkpoint s3://cli/checkpoints/");
        Run listing = cli("checkpoints", store.uri("checkpoints"), "--config", s3.toString());
        assertThat(listing.out()).contains("* latest-retained picks this (newest)");

        try (ObjectStore.Outage outage = store.outage()) {
            Run unreachable = cli("checkpoints", store.uri("checkpoints"), "--config", s3.toString());
            assertThat(unreachable.exit()).isEqualTo(StartersCli.COULD_NOT_RUN);
            assertThat(unreachable.err()).startsWith("flink-starters: cannot read " + store.uri("checkpoints"));
        }
    }

    @Test
    void checkValidatesAsTheJobWouldAndMasksSecrets() throws IOException {
        Path valid = config("valid", s3());
        Path invalid = config(
                "invalid", "flink.checkpoint.interval = -5s\nflink.recovery.restart-strategy.type = sometimes\n");

        Run ok = cli("check", "--config", valid.toString());
        Run bad = cli("check", "--config", invalid.toString(), "--json");
        Run missing = cli("check", "--config", dir.resolve("no-such.conf").toString());

        assertThat(ok.exit()).as(ok.out()).isEqualTo(StartersCli.VALID);
        assertThat(ok.out())
                .startsWith("valid")
                .contains("flink.checkpoint.s3.secret-key = ******")
                .doesNotContain(store.secretKey());
        assertThat(bad.exit()).isEqualTo(StartersCli.INVALID);
        assertThat(bad.out())
                .contains("\"valid\":false")
                .contains("flink.checkpoint.interval = -5s")
                .contains("flink.recovery.restart-strategy.type = sometimes");
        assertThat(missing.exit()).isEqualTo(StartersCli.COULD_NOT_RUN);
        assertThat(cli("frobnicate").exit()).isEqualTo(StartersCli.COULD_NOT_RUN);
    }

    private static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long n, Context context, Collector<Long> out) throws IOException {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(next);
        }
    }
}
