package io.flinkstarters.health.internal;

import io.flinkstarters.health.ValidationSettings;
import io.flinkstarters.health.avro.HealthEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/** Applies every {@link ValidationRule} to a measurement; a dead letter names all the rules it breaks. */
@Internal
public final class HealthEventValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<ValidationRule> rules;

    public HealthEventValidator(ValidationSettings settings) {
        this(List.of(
                new RequiredFieldsRule(),
                new UnitRule(settings),
                new FiniteValueRule(),
                new RangeRule(settings),
                new FutureEventTimeRule(settings.maxFutureSkew())));
    }

    HealthEventValidator(List<ValidationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Every violated rule, in rule order; empty for a valid measurement. A plain loop: this runs for every
     * record, and a valid one (almost all) allocates nothing here.
     */
    public List<Violation> violations(HealthEvent event, long nowMillis) {
        List<Violation> violations = null;
        for (int i = 0; i < rules.size(); i++) {
            Optional<Violation> violation = rules.get(i).check(event, nowMillis);
            if (violation.isPresent()) {
                if (violations == null) {
                    violations = new ArrayList<>(rules.size());
                }
                violations.add(violation.get());
            }
        }
        return violations == null ? List.of() : List.copyOf(violations);
    }

    /** The dead-letter reason ({@code rule: detail; rule: detail}), or empty for a valid measurement. */
    public Optional<String> rejection(HealthEvent event, long nowMillis) {
        List<Violation> violations = violations(event, nowMillis);
        return violations.isEmpty()
                ? Optional.empty()
                : Optional.of(violations.stream().map(Violation::reason).collect(Collectors.joining("; ")));
    }
}
