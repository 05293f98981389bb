package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthAggregate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Keys aggregates by user id: all of a user's aggregates land in one partition, in order, so a window
 * emitted again with late measurements always follows its first version for a consumer that upserts.
 */
@Internal
public final class AggregateKeySerializer implements SerializationSchema<HealthAggregate> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(HealthAggregate aggregate) {
        return aggregate.getUserId().getBytes(StandardCharsets.UTF_8);
    }
}
