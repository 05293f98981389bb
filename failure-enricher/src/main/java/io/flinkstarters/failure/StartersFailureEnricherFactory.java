package io.flinkstarters.failure;

import org.apache.flink.annotation.Experimental;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.failure.FailureEnricher;
import org.apache.flink.core.failure.FailureEnricherFactory;

/** Creates the {@link StartersFailureEnricher}; found by Flink's plugin manager through {@code META-INF/services}. */
@Experimental
public final class StartersFailureEnricherFactory implements FailureEnricherFactory {

    @Override
    public FailureEnricher createFailureEnricher(Configuration configuration) {
        return new StartersFailureEnricher();
    }
}
