package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A contract run's Kafka side, whatever cluster runs the job: its own input and output topics (and the
 * job's {@link ContractJob#extraTopics() extra ones}), the input produced so far in phases of
 * {@link ContractJob#recordsPerPhase()} records, the identities the committed output must then hold,
 * what every {@code read_committed} read showed, and the final verdict.
 *
 * <p>Every read of the output is remembered by partition and offset: a record once visible to
 * {@code read_committed} must stay there, or it was read uncommitted (see {@link ExactlyOnceVerifier}).
 */
@PublicEvolving
public final class ContractTopics<K> {

    /** How long an open transaction of the job's may take to end after the last checkpoint (prepare states are brief). */
    private static final Duration TRANSACTIONS_SETTLE = Duration.ofSeconds(30);

    private final KafkaBroker kafka;
    private final ContractJob<K> job;
    private final String name;
    private final String inputTopic;
    private final String outputTopic;
    private final List<K> expected = new ArrayList<>();
    private final Map<Integer, Map<Long, Integer>> observed = new HashMap<>();
    private final List<String> readUncommitted = new ArrayList<>();
    private int produced;

    /** Creates {@code <name>-in} (the job's input partitions), {@code <name>-out} (one partition) and the job's extra topics. */
    public ContractTopics(KafkaBroker kafka, ContractJob<K> job, String name) {
        this.kafka = kafka;
        this.job = job;
        this.name = name;
        this.inputTopic = name + "-in";
        this.outputTopic = name + "-out";
        kafka.createTopic(inputTopic, job.inputPartitions());
        kafka.createTopic(outputTopic, 1);
        for (String suffix : job.extraTopics()) {
            kafka.createTopic(topic(suffix), 1);
        }
    }

    public String inputTopic() {
        return inputTopic;
    }

    public String outputTopic() {
        return outputTopic;
    }

    /** One of the job's extra topics: {@code <name>-<suffix>}. */
    public String topic(String suffix) {
        return name + "-" + suffix;
    }

    /** How many input records have been produced. */
    public int produced() {
        return produced;
    }

    /** Produces the next phase of input: {@link ContractJob#recordsPerPhase()} records after those produced so far. */
    public void produceNextPhase() {
        produce(job.recordsPerPhase());
    }

    /** Produces the rest of the current phase (after a part of it went before a fault). */
    public void produceRestOfPhase() {
        int phase = job.recordsPerPhase();
        int rest = (phase - produced % phase) % phase;
        produce(rest);
    }

    /** Produces the next {@code count} input records. */
    public void produce(int count) {
        if (count > 0) {
            expected.addAll(job.produceInput(kafka, inputTopic, produced, produced + count));
            produced += count;
        }
    }

    /** How many output records are committed now. */
    public int committedCount() {
        return observe(kafka.readCommitted(outputTopic)).size();
    }

    /** Waits until the job has committed some output. */
    public void awaitCommittedOutput(FlinkCluster cluster) {
        awaitOutput(records -> !records.isEmpty(), cluster.timeout());
    }

    /** Waits until every identity expected so far is committed; returns the committed output. */
    public List<ConsumerRecord<byte[], byte[]>> awaitExpectedOutput(FlinkCluster cluster) {
        return awaitOutput(records -> new HashSet<>(job.outputKeys(records)).containsAll(expected), cluster.timeout());
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitOutput(
            Predicate<List<ConsumerRecord<byte[], byte[]>>> until, Duration timeout) {
        return observe(kafka.readCommitted(outputTopic, until, timeout));
    }

    /**
     * Waits until every expected record is committed, lets one more checkpoint pass (whatever it would
     * commit in addition, a duplicate, shows then), cancels the job and compares.
     */
    public ExactlyOnceVerifier.Verdict<K> verdict(FlinkCluster cluster, JobID submitted) {
        awaitExpectedOutput(cluster);
        cluster.awaitNextCheckpoint(submitted);
        cluster.cancel(submitted);
        return finalVerdict();
    }

    /** The verdict on what is committed now, the job having stopped. */
    public ExactlyOnceVerifier.Verdict<K> finalVerdict() {
        List<ConsumerRecord<byte[], byte[]>> committed = kafka.readCommitted(outputTopic);
        Map<Integer, Map<Long, Integer>> last = positions(committed);
        List<String> vanished = new ArrayList<>(readUncommitted);
        observed.forEach((partition, offsets) -> offsets.forEach((offset, value) -> {
            Integer now = last.getOrDefault(partition, Map.of()).get(offset);
            if (!value.equals(now)) {
                vanished.add("partition " + partition + " offset " + offset + " was read committed, then "
                        + (now == null ? "was gone" : "held another record"));
            }
        }));
        int aborted = kafka.readUncommitted(outputTopic).size() - committed.size();
        return ExactlyOnceVerifier.verify(expected, job.outputKeys(committed), vanished, Math.max(0, aborted));
    }

    /**
     * Waits (briefly) until no transaction whose id starts with {@code transactionalIdPrefix} is open on
     * the broker; fails naming those that stay open. An open transaction of a job that has stopped holds
     * back every {@code read_committed} reader of its partitions until the broker times it out.
     */
    public void assertNoOpenTransactions(String transactionalIdPrefix) {
        assertNoOpenTransactions(transactionalIdPrefix, TRANSACTIONS_SETTLE);
    }

    /** Like {@link #assertNoOpenTransactions(String)}, giving open transactions {@code settle} to end. */
    public void assertNoOpenTransactions(String transactionalIdPrefix, Duration settle) {
        Await.until(
                "no transaction with the prefix '" + transactionalIdPrefix + "' to be open (seen: the open ones)",
                () -> kafka.openTransactions(transactionalIdPrefix),
                List::isEmpty,
                settle);
    }

    private List<ConsumerRecord<byte[], byte[]>> observe(List<ConsumerRecord<byte[], byte[]>> records) {
        positions(records)
                .forEach((partition, offsets) -> offsets.forEach((offset, value) -> {
                    Integer before = observed.computeIfAbsent(partition, p -> new HashMap<>())
                            .putIfAbsent(offset, value);
                    if (before != null && !before.equals(value)) {
                        readUncommitted.add("partition " + partition + " offset " + offset
                                + " held one record when read committed, later another");
                    }
                }));
        return records;
    }

    private static Map<Integer, Map<Long, Integer>> positions(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, Map<Long, Integer>> positions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            positions
                    .computeIfAbsent(record.partition(), p -> new HashMap<>())
                    .put(record.offset(), 31 * Arrays.hashCode(record.key()) + Arrays.hashCode(record.value()));
        }
        return positions;
    }
}
