package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.MetricType;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The window key: one user's measurements of one metric type.
 *
 * <p>The metric type is held by name: a key's hash decides its key group on every TaskManager, and an
 * enum's {@code hashCode()} is an identity hash that differs between JVMs.
 */
@Internal
public record UserMetric(String userId, String metricType) {

    public static final TypeInformation<UserMetric> TYPE = TypeInformation.of(UserMetric.class);

    public static UserMetric of(String userId, MetricType metricType) {
        return new UserMetric(userId, metricType.name());
    }

    public MetricType metric() {
        return MetricType.valueOf(metricType);
    }

    public static KeySelector<DecodedEvent, UserMetric> selector() {
        return new Selector();
    }

    private static final class Selector implements KeySelector<DecodedEvent, UserMetric> {

        private static final long serialVersionUID = 1L;

        @Override
        public UserMetric getKey(DecodedEvent decoded) {
            return UserMetric.of(decoded.event().getUserId(), decoded.event().getMetricType());
        }
    }
}
