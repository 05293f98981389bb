package io.flinkstarters.health.internal;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.TopicSettings;
import io.flinkstarters.kafka.KafkaExactlyOnceGuard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * The job's checks against its Kafka cluster before it is built, done by the Kafka exactly-once guard:
 * a broker answers, the three topics exist, and the sinks' transaction timeout is within the broker's
 * {@code transaction.max.timeout.ms}. Each failure is recorded against the job's key to fix.
 */
@Internal
public final class KafkaPreflight {

    private KafkaPreflight() {}

    public static void check(ConfigReader reader, HealthJobSettings settings, PreflightSettings preflight) {
        KafkaExactlyOnceGuard.preflight(
                reader,
                HealthKafka.GUARD_KEYS,
                HealthKafka.transactions(settings.kafka()),
                settings.kafka().clientProperties(),
                topicKeys(settings.topics()),
                preflight);
    }

    private static Map<String, String> topicKeys(TopicSettings topics) {
        Map<String, String> keyByTopic = new LinkedHashMap<>();
        keyByTopic.put(topics.events(), HealthJobSettings.EVENTS_TOPIC);
        keyByTopic.putIfAbsent(topics.aggregates(), HealthJobSettings.AGGREGATES_TOPIC);
        keyByTopic.putIfAbsent(topics.deadLetters(), HealthJobSettings.DEAD_LETTERS_TOPIC);
        return keyByTopic;
    }
}
