package io.flinkstarters.health;

import static io.flinkstarters.health.HealthJobSettings.AGGREGATES_TOPIC;
import static io.flinkstarters.health.HealthJobSettings.ALLOWED_LATENESS;
import static io.flinkstarters.health.HealthJobSettings.BOOTSTRAP_SERVERS;
import static io.flinkstarters.health.HealthJobSettings.DEAD_LETTERS_TOPIC;
import static io.flinkstarters.health.HealthJobSettings.DEDUP_TTL;
import static io.flinkstarters.health.HealthJobSettings.EVENTS_TOPIC;
import static io.flinkstarters.health.HealthJobSettings.MAX_PARALLELISM;
import static io.flinkstarters.health.HealthJobSettings.PARALLELISM;
import static io.flinkstarters.health.HealthJobSettings.WINDOW_SIZE;
import static io.flinkstarters.health.HealthJobSettings.metricKey;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.HealthKafka;
import io.flinkstarters.kafka.KafkaExactlyOnceGuard;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/** The rules that span several keys of {@code health} (and of {@code flink.checkpoint}); each records a problem in the reader. */
final class HealthJobRules {

    private static final Pattern HOST_AND_PORT =
            Pattern.compile("^\\s*(\\[[0-9a-fA-F:.]+\\]|[^\\s:,\\[\\]]+):(\\d{1,5})\\s*$");

    private final ConfigReader reader;
    private final HealthJobSettings settings;
    private final CheckpointSettings checkpoint;

    HealthJobRules(ConfigReader reader, HealthJobSettings settings, CheckpointSettings checkpoint) {
        this.reader = reader;
        this.settings = settings;
        this.checkpoint = checkpoint;
    }

    void check() {
        bootstrapServersAreHostAndPort();
        sinksAreExactlyOnce();
        topicsAreDistinct();
        rangesAreRanges();
        parallelismFitsMaxParallelism();
        dedupOutlivesAWindow();
    }

    private void bootstrapServersAreHostAndPort() {
        String servers = settings.kafka().bootstrapServers();
        if (!reader.valid(BOOTSTRAP_SERVERS) || servers == null) {
            return;
        }
        for (String server : servers.split(",", -1)) {
            var matcher = HOST_AND_PORT.matcher(server);
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
                reader.reject(
                        BOOTSTRAP_SERVERS,
                        "must be a comma-separated list of host:port (e.g. kafka-1:9092,kafka-2:9092); '"
                                + server.trim() + "' is not");
                return;
            }
        }
    }

    /** Checkpoints on and exactly-once, the transaction timeout outlasting a checkpoint cycle: the guard's rules. */
    private void sinksAreExactlyOnce() {
        KafkaSettings kafka = settings.kafka();
        KafkaExactlyOnceGuard.read(
                reader,
                checkpoint,
                HealthKafka.GUARD_KEYS,
                kafka.transactionalIdPrefix(),
                Optional.ofNullable(kafka.transactionTimeout()),
                kafka.properties(),
                TransactionNamingStrategy.DEFAULT);
    }

    private void topicsAreDistinct() {
        TopicSettings topics = settings.topics();
        distinct(AGGREGATES_TOPIC, topics.aggregates(), EVENTS_TOPIC, topics.events());
        distinct(DEAD_LETTERS_TOPIC, topics.deadLetters(), EVENTS_TOPIC, topics.events());
        distinct(DEAD_LETTERS_TOPIC, topics.deadLetters(), AGGREGATES_TOPIC, topics.aggregates());
    }

    private void distinct(String key, String topic, String otherKey, String otherTopic) {
        if (reader.valid(key, otherKey) && topic != null && topic.equals(otherTopic)) {
            reader.reject(
                    key, "must differ from " + otherKey + " (" + otherTopic + "): each topic holds one kind of record");
        }
    }

    private void rangesAreRanges() {
        for (MetricType metricType : MetricType.values()) {
            String min = metricKey(metricType, "min");
            String max = metricKey(metricType, "max");
            MetricRule rule = settings.validation().rule(metricType);
            if (reader.valid(min, max) && rule.min() >= rule.max()) {
                reader.reject(max, "must be greater than " + min + " (" + reader.displayValue(min) + ")");
            }
        }
    }

    private void parallelismFitsMaxParallelism() {
        if (reader.valid(PARALLELISM, MAX_PARALLELISM)
                && settings.parallelism()
                        .filter(parallelism -> parallelism > settings.maxParallelism())
                        .isPresent()) {
            reader.reject(PARALLELISM, "must not exceed " + MAX_PARALLELISM + " (" + settings.maxParallelism() + ")");
        }
    }

    /**
     * A warning, not an error: the TTL counts processing time and windows count event time, so this is
     * a rule of thumb. A copy arriving after its id was forgotten but while its window is open counts twice.
     */
    private void dedupOutlivesAWindow() {
        if (!reader.valid(DEDUP_TTL, WINDOW_SIZE, ALLOWED_LATENESS)) {
            return;
        }
        WindowSettings window = settings.window();
        Duration windowLifetime = window.size().plus(window.allowedLateness());
        if (settings.dedupTtl().compareTo(windowLifetime) < 0) {
            reader.warn(
                    DEDUP_TTL,
                    "is shorter than " + WINDOW_SIZE + " + " + ALLOWED_LATENESS + " ("
                            + DurationFormat.of(windowLifetime)
                            + "): a re-sent copy may arrive after its event id was forgotten"
                            + " while its window still counts, and be counted twice");
        }
    }
}
