package io.flinkstarters.testkit;

import static io.flinkstarters.testkit.ExactlyOnceContract.expect;

import io.flinkstarters.testkit.internal.S3FlinkOptions;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's network faults, one method each, for its {@code @Nested} groups: the job's clients reach
 * Kafka and the checkpoint storage through {@link FaultProxy fault proxies} ({@link
 * Testkit.Builder#networkFaults()}), every fault lasts a bounded time taken from the job's own settings,
 * proves that it hit, and ends with the exactly-once verdict and the check for open transactions.
 */
final class NetworkFaults {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFaults.class);

    /** How much longer than the clients' request timeout Kafka stays blackholed; also how long held bytes may take to show. */
    static final Duration PAST_THE_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * S3A's socket timeout in the testkit's S3 settings: a request unanswered this long fails (then once
     * more, its retry), which is how a blackholed checkpoint fails before its timeout has started.
     */
    static final Duration S3_SOCKET_TIMEOUT =
            Duration.ofMillis(Long.parseLong(S3FlinkOptions.FAIL_FAST.get("s3.connection.timeout")));

    private NetworkFaults() {}

    /**
     * Kafka takes the job's bytes and answers nothing for the clients' request timeout and a little more,
     * then heals. Proof: the job's clients' bytes held unanswered while it lasts (a job whose clients
     * bypass the proxy has none), and, delivered after the heal, bytes the proxy had held for longer than
     * the request timeout.
     */
    static void kafkaBlackhole(ContractRun<?> run, FaultProxy kafka, Duration requestTimeout) {
        JobID job = run.start();
        run.approachStrike(job);
        Reaction before = Reaction.of(run.cluster(), job);
        FaultProxy.Stats proxyBefore = kafka.stats();
        Duration lasting = requestTimeout.plus(PAST_THE_REQUEST_TIMEOUT);
        FaultProxy.Stats held;
        try (FaultProxy.Fault blackhole = kafka.blackhole(lasting)) {
            run.produceRestOfPhase();
            // The job's source asks for records all the time: its requests are held at once.
            held = Await.until(
                    "bytes of the job's Kafka clients held unanswered by " + blackhole,
                    kafka::stats,
                    stats -> stats.heldBytes() > 0,
                    PAST_THE_REQUEST_TIMEOUT);
            blackhole.awaitHealed(lasting.plus(PAST_THE_REQUEST_TIMEOUT));
        }
        FaultProxy.Stats healed = Await.until(
                "bytes held longer than the clients' request timeout (" + requestTimeout.toMillis()
                        + " ms) delivered after the heal",
                kafka::stats,
                stats -> stats.longestHold().compareTo(requestTimeout) > 0,
                run.cluster().timeout());
        LOG.info(
                "{}: Kafka blackholed for {} ms: {} bytes held at once, the longest for {} ms, {} connection(s)"
                        + " opened while it lasted; the job: {}",
                run.name(),
                lasting.toMillis(),
                held.heldBytes(),
                healed.longestHold().toMillis(),
                healed.acceptedWhileBlackholed() - proxyBefore.acceptedWhileBlackholed(),
                Reaction.of(run.cluster(), job).since(before));
        run.verify(job);
    }

    /**
     * Every connection of the job to Kafka is cut with a TCP reset, and new ones are refused for two
     * checkpoint intervals (at least a second), so a checkpoint falls into it. Proof: connections cut by
     * the proxy, and the job's clients connecting again after it healed.
     */
    static void kafkaConnectionReset(ContractRun<?> run, FaultProxy kafka) {
        JobID job = run.start();
        run.approachStrike(job);
        Reaction before = Reaction.of(run.cluster(), job);
        FaultProxy.Stats proxyBefore = kafka.stats();
        Duration lasting = max(run.settings().checkpointInterval().multipliedBy(2), Duration.ofSeconds(1));
        FaultProxy.Stats cut;
        try (FaultProxy.Fault reset = kafka.reset(lasting)) {
            cut = kafka.stats();
            expect(cut.cut() > proxyBefore.cut(), "connections of the job to Kafka cut by " + reset, cut);
            run.produceRestOfPhase();
            reset.awaitHealed(lasting.plus(PAST_THE_REQUEST_TIMEOUT));
        }
        FaultProxy.Stats reconnected = Await.until(
                "the job's Kafka clients to connect again after the reset",
                kafka::stats,
                stats -> stats.accepted() > cut.accepted(),
                run.cluster().timeout());
        LOG.info(
                "{}: {} connection(s) to Kafka reset, refused for {} ms, {} new one(s) after it; the job: {}",
                run.name(),
                cut.cut() - proxyBefore.cut(),
                lasting.toMillis(),
                reconnected.accepted() - cut.accepted(),
                Reaction.of(run.cluster(), job).since(before));
        run.verify(job);
    }

    /**
     * The checkpoint storage takes requests and answers nothing until a checkpoint has failed, then heals.
     * Proof: requests held unanswered, a failed checkpoint while it lasted, and a checkpoint completed
     * after the heal. A checkpoint fails by its timeout or, when the blackhole caught the JobManager
     * preparing its directory (no timeout runs yet then), once S3A gave up on the socket, retry included.
     */
    static void storageBlackhole(ContractRun<?> run, FaultProxy storage) {
        JobID job = run.start();
        run.approachStrike(job);
        FlinkCluster cluster = run.cluster();
        ContractSettings settings = run.settings();
        Duration lasting = settings.checkpointTimeout()
                .plus(settings.checkpointInterval())
                .plus(S3_SOCKET_TIMEOUT.multipliedBy(4));
        Reaction before = Reaction.of(cluster, job);
        FaultProxy.Stats held;
        try (FaultProxy.Fault blackhole = storage.blackhole(lasting)) {
            run.produceRestOfPhase();
            held = Await.until(
                    "requests to the checkpoint storage held unanswered by " + blackhole,
                    storage::stats,
                    stats -> stats.heldBytes() > 0,
                    settings.checkpointInterval().plus(PAST_THE_REQUEST_TIMEOUT));
            cluster.awaitFailedCheckpoints(job, before.failedCheckpoints() + 1);
            expect(blackhole.isActive(), "a checkpoint failed while " + blackhole + " lasted", "it had healed");
        }
        long completedAtHeal = cluster.checkpointStats(job).completed();
        cluster.awaitCompletedCheckpoints(job, completedAtHeal + 1);
        LOG.info(
                "{}: checkpoint storage blackholed ({} bytes held at once) until a checkpoint failed; the job: {}",
                run.name(),
                held.heldBytes(),
                Reaction.of(cluster, job).since(before));
        run.verify(job);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What the job showed of a fault: checkpoints, restarts and its latest failure. */
    private record Reaction(
            long completedCheckpoints, long failedCheckpoints, long restarts, Optional<String> failure) {

        static Reaction of(FlinkCluster cluster, JobID job) {
            CheckpointStats stats = cluster.checkpointStats(job);
            return new Reaction(stats.completed(), stats.failed(), cluster.restarts(job), cluster.latestFailure(job));
        }

        String since(Reaction before) {
            return (completedCheckpoints - before.completedCheckpoints) + " checkpoint(s) completed, "
                    + (failedCheckpoints - before.failedCheckpoints) + " failed, "
                    + (restarts - before.restarts) + " restart(s)"
                    + (restarts > before.restarts ? ", the latest for " + failure.orElse("?") : "");
        }
    }
}
