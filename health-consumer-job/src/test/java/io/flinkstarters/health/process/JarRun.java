package io.flinkstarters.health.process;

import io.flinkstarters.health.HealthConsumerContractITCase;
import io.flinkstarters.health.HealthConsumerContractITCase.WindowKey;
import io.flinkstarters.testkit.ContractRun;
import io.flinkstarters.testkit.ContractTopics;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.ObjectStore;
import io.flinkstarters.testkit.ProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;

/**
 * One run of the health job's shaded jar on a {@link ProcessCluster}, as an operator runs it:
 * {@code flink run health-consumer-job-shaded.jar --config application.conf}. The input, the expected
 * windows and the check of the committed aggregates are the exactly-once contract's
 * ({@link HealthConsumerContractITCase}: deterministic measurements whose windows and statistics are
 * known in advance); the checkpoints go to {@code s3://} on the test's object store.
 */
final class JarRun {

    private final ProcessCluster cluster;
    private final ObjectStore store;
    private final KafkaBroker kafka;
    private final String name;
    private final HealthConsumerContractITCase job = new HealthConsumerContractITCase();
    private final ContractTopics<WindowKey> topics;
    private int submissions;

    JarRun(ProcessCluster cluster, KafkaBroker kafka, ObjectStore store, String name) {
        this.cluster = cluster;
        this.store = store;
        this.kafka = kafka;
        this.name = name;
        this.topics = new ContractTopics<>(kafka, job, name);
        // The job's preflight checks that all three topics exist before it starts.
        kafka.createTopic(deadLetterTopic(), 1);
    }

    private String deadLetterTopic() {
        return name + "-dead-letters";
    }

    ContractTopics<WindowKey> topics() {
        return topics;
    }

    String savepointDir() {
        return store.uri(name + "/savepoints");
    }

    /** Produces the first phase of input, submits the job and waits until it has checkpointed and committed output. */
    JobID start() {
        topics.produceNextPhase();
        JobID submitted = submit(ContractRun.NO_RESTORE);
        cluster.awaitCompletedCheckpoints(submitted, 1);
        topics.awaitCommittedOutput(cluster);
        return submitted;
    }

    /**
     * Writes this submission's application.conf and runs {@code flink run --detached jar --config it}.
     * No S3 endpoint or credentials in it: they are the cluster's ({@code config.yaml}), as in production.
     *
     * @param restore the {@code flink.recovery.restore} HOCON, e.g. {@link ContractRun#RESTORE_LATEST_RETAINED}
     */
    JobID submit(String restore) {
        String conf = ContractRun.startersConfig(store.uri(name + "/checkpoints"), savepointDir())
                + restore
                + job.applicationConfig()
                + """
                health.kafka {
                  bootstrap-servers = "%s"
                  group-id = "%s"
                  transactional-id-prefix = "%s"
                  transaction-timeout = 5m
                }
                health.topics { events = "%s", aggregates = "%s", dead-letters = "%s" }
                health.parallelism = %d
                """.formatted(
                                kafka.bootstrapServers(),
                                name,
                                name,
                                topics.inputTopic(),
                                topics.outputTopic(),
                                deadLetterTopic(),
                                job.parallelism());
        Path file = cluster.directory().resolve(name + "-" + (++submissions) + ".conf");
        try {
            Files.writeString(file, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return cluster.submit(ShadedJobJar.find(), "--config", file.toString());
    }
}
