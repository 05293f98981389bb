package io.flinkstarters.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;

/**
 * A contract run's Kafka side, whatever cluster runs the job: its own input and output topics, the
 * input produced so far in phases ({@link ContractJob#recordsPerPhase()} records each), the identities
 * the committed output must then hold, and the final exactly-once verdict.
 */
@PublicEvolving
public final class ContractTopics<K> {

    private final KafkaBroker kafka;
    private final ContractJob<K> job;
    private final String inputTopic;
    private final String outputTopic;
    private final List<K> expected = new ArrayList<>();
    private int phases;

    /** Creates {@code <name>-in} (the job's input partitions) and {@code <name>-out} (one partition). */
    public ContractTopics(KafkaBroker kafka, ContractJob<K> job, String name) {
        this.kafka = kafka;
        this.job = job;
        this.inputTopic = name + "-in";
        this.outputTopic = name + "-out";
        kafka.createTopic(inputTopic, job.inputPartitions());
        kafka.createTopic(outputTopic, 1);
    }

    public String inputTopic() {
        return inputTopic;
    }

    public String outputTopic() {
        return outputTopic;
    }

    /** Produces the next phase of input: records {@code [p·n, (p+1)·n)} for phase p. */
    public void produceNextPhase() {
        int from = phases * job.recordsPerPhase();
        expected.addAll(job.produceInput(kafka, inputTopic, from, from + job.recordsPerPhase()));
        phases++;
    }

    /** How many output records are committed now. */
    public int committedCount() {
        return kafka.readCommitted(outputTopic).size();
    }

    /** Waits until the job has committed some output. */
    public void awaitCommittedOutput(FlinkCluster cluster) {
        kafka.readCommitted(outputTopic, records -> !records.isEmpty(), cluster.timeout());
    }

    /**
     * Waits until every expected record is committed, lets one more checkpoint pass (whatever it would
     * commit in addition, a duplicate, shows then), cancels the job and compares.
     */
    public ExactlyOnceVerifier.Verdict<K> verdict(FlinkCluster cluster, JobID submitted) {
        kafka.readCommitted(
                outputTopic,
                records -> new HashSet<>(job.outputKeys(records)).containsAll(expected),
                cluster.timeout());
        cluster.awaitNextCheckpoint(submitted);
        List<K> output = job.outputKeys(kafka.readCommitted(outputTopic));
        cluster.cancel(submitted);
        return ExactlyOnceVerifier.verify(expected, output);
    }
}
