package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthEvent;
import java.io.Serializable;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/** One check of a decoded measurement. Rules are independent, so a measurement is told everything wrong with it at once. */
@Internal
public interface ValidationRule extends Serializable {

    /**
     * @param nowMillis the job's clock (processing time), for rules about time
     * @return the violation, or empty if the measurement passes
     */
    Optional<Violation> check(HealthEvent event, long nowMillis);
}
