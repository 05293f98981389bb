package io.flinkstarters.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Thrown before a job starts when its configuration has problems; lists all of them at once, one
 * per line, so a user fixes everything in one round trip.
 */
@PublicEvolving
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public InvalidConfigurationException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String header = "Invalid Flink Starters configuration ("
                + problems.size()
                + (problems.size() == 1 ? " problem" : " problems")
                + "):";
        return problems.stream()
                .map(problem -> "  - " + problem)
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
