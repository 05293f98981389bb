package io.flinkstarters.testkit.internal;

import io.flinkstarters.testkit.Await;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Admin calls that decide when the broker, or a topic, is usable: created is not enough, every
 * partition needs a leader before a producer can write to it.
 */
@Internal
public final class KafkaTopics {

    /** Bound for one admin call inside a poll, so a broker that is still down costs one poll, not a minute. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final Properties adminProperties;

    public KafkaTopics(String bootstrapServers) {
        this.adminProperties = KafkaClientConfigs.common(bootstrapServers);
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
    public void create(String topic, int partitions, Duration timeout) {
        try {
            withAdmin(admin -> admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + topic + "'", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic '" + topic + "'", e);
        }
        Await.until(
                "every partition of topic '" + topic + "' to have a leader",
                () -> withAdmin(admin -> allLed(admin, Set.of(topic))),
                timeout);
    }

    /** Waits until the broker answers and every topic, internal ones included, has a leader for each partition. */
    public void awaitServing(Duration timeout) {
        Await.until(
                "the broker to serve every topic",
                () -> withAdmin(admin -> {
                    int nodes = admin.describeCluster()
                            .nodes()
                            .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .size();
                    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                            .names()
                            .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return nodes > 0 && allLed(admin, topics);
                }),
                timeout);
    }

    /** Deletes every record of the topic written so far (as retention would), keeping the topic. */
    public void deleteRecords(String topic) {
        try {
            withAdmin(admin -> {
                Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(partition -> all.put(
                                new TopicPartition(topic, partition.partition()), RecordsToDelete.beforeOffset(-1)));
                return admin.deleteRecords(all).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot delete the records of topic '" + topic + "': " + e, e);
        }
    }

    /**
     * The transactions whose id starts with {@code prefix} that the coordinator holds open (ongoing, or
     * preparing a commit, an abort or an epoch fence), each as {@code id (STATE)}, sorted.
     */
    public List<String> openTransactions(String prefix) {
        try {
            return withAdmin(admin -> admin
                    .listTransactions(new ListTransactionsOptions().filterStates(OPEN_TRANSACTION_STATES))
                    .all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream()
                    .filter(listing -> listing.transactionalId().startsWith(prefix))
                    .map(listing -> listing.transactionalId() + " (" + listing.state() + ")")
                    .sorted()
                    .toList());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the broker's transactions: " + e, e);
        }
    }

    private static final Set<TransactionState> OPEN_TRANSACTION_STATES = Set.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE);

    private static boolean allLed(Admin admin, Collection<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return true;
        }
        Collection<TopicDescription> descriptions = admin.describeTopics(topics)
                .allTopicNames()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .values();
        return descriptions.stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(KafkaTopics::hasLeader);
    }

    private static boolean hasLeader(TopicPartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }

    private <T> T withAdmin(AdminCall<T> call) throws Exception {
        try (Admin admin = Admin.create(adminProperties)) {
            return call.apply(admin);
        }
    }

    @FunctionalInterface
    private interface AdminCall<T> {
        T apply(Admin admin) throws Exception;
    }
}
