package io.flinkstarters.kafka;

import io.flinkstarters.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The checked transaction settings of one exactly-once {@link KafkaSink}, produced by
 * {@link KafkaExactlyOnceGuard}: what {@link #builder()} puts into a {@code KafkaSink.builder()}.
 *
 * @param transactionalIdPrefix unique per sink on the Kafka cluster and stable across restarts, so a
 *     restarted job can abort what its predecessor left open
 * @param transactionTimeout the producers' {@code transaction.timeout.ms}: given, or derived from the
 *     checkpoint and restart settings (see {@link KafkaExactlyOnceGuard})
 * @param producerProperties the user's other producer properties (bootstrap servers, security, ...); a
 *     {@code max.block.ms} among them is kept, else {@link KafkaExactlyOnceGuard#DEFAULT_MAX_BLOCK} is set
 */
@Experimental
public record KafkaTransactions(
        String transactionalIdPrefix,
        Duration transactionTimeout,
        TransactionNamingStrategy namingStrategy,
        Map<String, String> producerProperties) {

    public KafkaTransactions {
        producerProperties = Map.copyOf(producerProperties);
    }

    /** The producer properties with the transaction timeout and a bounded {@code max.block.ms} set. */
    public Properties kafkaProducerConfig() {
        Properties properties = new Properties();
        properties.putAll(producerProperties);
        properties.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeout.toMillis()));
        properties.putIfAbsent(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(KafkaExactlyOnceGuard.DEFAULT_MAX_BLOCK.toMillis()));
        return properties;
    }

    /**
     * A {@code KafkaSink.builder()} set up for exactly-once with these settings; the caller adds the
     * bootstrap servers (unless they are among the producer properties) and the record serializer.
     */
    public <T> KafkaSinkBuilder<T> builder() {
        return applyTo(KafkaSink.builder());
    }

    /** Sets delivery guarantee, transactional id prefix, naming strategy and producer config on a builder. */
    public <T> KafkaSinkBuilder<T> applyTo(KafkaSinkBuilder<T> builder) {
        return builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setTransactionNamingStrategy(namingStrategy)
                .setKafkaProducerConfig(kafkaProducerConfig());
    }

    /**
     * The same settings for another sink of the same job, whose prefix ends in {@code suffix}: two sinks
     * must never share a prefix, or each aborts the other's transactions.
     */
    public KafkaTransactions withPrefixSuffix(String suffix) {
        return new KafkaTransactions(
                transactionalIdPrefix + suffix, transactionTimeout, namingStrategy, producerProperties);
    }

    /** Like the record's own, but values of secret-looking properties (such as sasl.jaas.config) are masked. */
    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        producerProperties.forEach((key, value) -> masked.put(key, Secret.isSecretKey(key) ? Secret.MASK : value));
        return "KafkaTransactions[transactionalIdPrefix=" + transactionalIdPrefix + ", transactionTimeout="
                + transactionTimeout + ", namingStrategy=" + namingStrategy
                + ", producerProperties=" + masked + "]";
    }
}
