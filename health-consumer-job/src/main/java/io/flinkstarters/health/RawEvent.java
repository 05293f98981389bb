package io.flinkstarters.health;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A record exactly as read from Kafka, before anything is interpreted: where it came from and its raw
 * key and value. Kept with the decoded event to the end, so that any record the job rejects becomes a
 * dead letter that names its origin and carries the original bytes.
 *
 * @param timestamp the Kafka record timestamp (not the event time)
 * @param key the record key, null if there is none
 * @param value the record value, null for a tombstone
 */
@PublicEvolving
public record RawEvent(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

    @Override
    public boolean equals(Object other) {
        return other instanceof RawEvent that
                && partition == that.partition
                && offset == that.offset
                && timestamp == that.timestamp
                && Objects.equals(topic, that.topic)
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "RawEvent[" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", value="
                + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
