package io.flinkstarters.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A Kafka-to-Kafka job as the exactly-once contract sees it: how to build it, where its own settings
 * are, how to feed it and how to read what it committed.
 *
 * <p>Settings: the contract runs the job on {@link #configuration() its own configuration}, loaded as
 * production loads it (then the environment variables bound in {@code reference.conf}), with only
 * what a test must change on top: {@link #wiring the job's keys for the test's broker and topics}, the
 * testkit's storage, restore point and S3 access, and, if the job opts in, {@link #timeScale() time
 * scaled down}. {@link #settingsOverrides()} asks for anything else.
 *
 * @param <K> the identity of a record the output must hold exactly once (an event id, an aggregate key, ...)
 */
@PublicEvolving
public interface ContractJob<K> {

    /**
     * Adds the job to {@code env} (already configured from the job's effective settings): read
     * {@code context.inputTopic()}, write {@code context.outputTopic()} exactly once, pass one stream
     * through {@code context.faultPoint(stream)}. Not used on a process cluster, which runs {@link #jar()}.
     */
    void buildJob(StreamExecutionEnvironment env, ContractContext context);

    /** Produces input records numbered {@code [from, to)}; returns the identities the output must then hold exactly once. */
    List<K> produceInput(KafkaBroker kafka, String topic, int from, int to);

    /** The identities of committed output records. */
    List<K> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed);

    /** Records per phase (one phase before the fault, one after). */
    default int recordsPerPhase() {
        return 400;
    }

    /**
     * The job's own application configuration, unresolved, from where production reads it. By default
     * what {@code ConfigLoader.load()} reads: the file named by {@code -Dconfig.file}, else
     * {@code application.conf} on the class path (the job's {@code src/main/resources}).
     */
    default Config configuration() {
        return ConfigFactory.defaultApplication();
    }

    /**
     * HOCON that points the job's own keys at the test's broker, topics and transactional id prefix, for
     * a job that reads them from its configuration (e.g. {@code health.kafka.bootstrap-servers}). Empty
     * for a job that takes them from the context in {@link #buildJob}.
     */
    default String wiring(ContractContext context) {
        return "";
    }

    /**
     * The hook to run the job on settings other than its own, applied over them in every test of the
     * class, e.g. {@code flink.checkpoint.state-backend.type = hashmap}. Empty by default: the job's own.
     */
    default String settingsOverrides() {
        return "";
    }

    /**
     * Production durations are divided by this in the contract (checkpoint interval, min pause and
     * timeout; every restart strategy's delays and intervals), so a job whose checkpoints run every
     * minute need not make each test wait minutes. 1 (the default) keeps them as they are.
     */
    default int timeScale() {
        return 1;
    }

    /**
     * The job's default parallelism in the contract (a local environment would otherwise take the
     * machine's core count, which the testkit's 4 slots may not have). At least the number of
     * TaskManagers (2), so a lost TaskManager always hits the job.
     */
    default int parallelism() {
        return 2;
    }

    /** Partitions of the input topic. */
    default int inputPartitions() {
        return 2;
    }

    /**
     * More topics the job needs, as suffixes: {@code dead-letters} becomes {@code <run>-dead-letters},
     * created before the job starts ({@link ContractContext#topic(String)} names it).
     */
    default List<String> extraTopics() {
        return List.of();
    }

    /**
     * The longest {@code request.timeout.ms} of the job's Kafka clients (source, sink, committer): the
     * contract's Kafka blackhole outlasts it. By default Kafka's own default for producers and consumers
     * (30 s); a job that sets its own returns that.
     */
    default Duration kafkaRequestTimeout() {
        return Duration.ofMillis(Math.max(
                defaultRequestTimeout(ProducerConfig.configDef().defaultValues()),
                defaultRequestTimeout(ConsumerConfig.configDef().defaultValues())));
    }

    private static long defaultRequestTimeout(Map<String, Object> defaults) {
        return ((Number) defaults.get(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG)).longValue();
    }

    /** The job's shaded jar and its program arguments, for the contract on a process cluster. */
    default Optional<JobJar> jar() {
        return Optional.empty();
    }

    /**
     * One record the job cannot process, and what it does with it (dead-letters it, or fails clearly).
     * Empty: the poison-record test is skipped, saying so.
     */
    default Optional<PoisonRecord> poisonRecord() {
        return Optional.empty();
    }
}
