package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.CorpusCase.Expect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a corpus through a subject (the starters, a job's settings) and judges every case: nothing
 * printed holds a planted secret, every broken case is rejected with a problem naming its full key
 * and origin, every valid one is accepted (and accepted by Flink too, when a check for that is
 * given), and every problem and warning names a key and a real origin.
 */
public final class CorpusRunner {

    /** What a subject makes of a loaded configuration; it throws {@link InvalidConfigurationException} to reject it. */
    @FunctionalInterface
    public interface Subject {
        Accepted apply(Config config);
    }

    /**
     * An accepted configuration.
     *
     * @param texts everything the subject prints about it (the summary, {@code toString()}, ...)
     * @param settings the validated settings, for the Flink check and the MiniCluster sample
     */
    public record Accepted(List<Problem> warnings, List<String> texts, Object settings) {}

    /** A case that went wrong, and how. */
    public record Failure(CorpusCase corpusCase, Verdict verdict, String detail) {
        @Override
        public String toString() {
            return verdict + " " + corpusCase.name() + ": " + detail;
        }
    }

    public enum Verdict {
        LEAK,
        BROKEN_ACCEPTED,
        VALID_REJECTED,
        UNCLEAR,
        REFUSED_BY_FLINK,
        ESCAPED
    }

    /** The outcome of a whole run. */
    public record Result(List<CorpusCase> cases, List<Failure> failures, Map<CorpusCase, Object> accepted) {

        public long count(Verdict verdict) {
            return failures.stream()
                    .filter(failure -> failure.verdict() == verdict)
                    .count();
        }

        public Map<Expect, Long> byExpectation() {
            Map<Expect, Long> counts = new EnumMap<>(Expect.class);
            cases.forEach(c -> counts.merge(c.expect(), 1L, Long::sum));
            return counts;
        }

        public String summary() {
            return cases.size() + " cases " + byExpectation() + ": " + count(Verdict.LEAK) + " leaks, "
                    + count(Verdict.BROKEN_ACCEPTED) + " broken accepted, " + count(Verdict.UNCLEAR) + " unclear, "
                    + count(Verdict.REFUSED_BY_FLINK) + " accepted but refused by Flink, "
                    + count(Verdict.VALID_REJECTED) + " valid rejected, " + count(Verdict.ESCAPED)
                    + " other exceptions";
        }
    }

    private static final Pattern KEYLESS_ORIGIN =
            Pattern.compile(".+:\\d+|env [A-Z][A-Z0-9_]*|in code, line \\d+|-D\\S+");

    private CorpusRunner() {}

    /**
     * @param flinkAccepts throws when Flink would refuse an accepted configuration's settings; may be {@code null}
     */
    public static Result run(Path dir, List<CorpusCase> cases, Subject subject, Consumer<Object> flinkAccepts) {
        List<Failure> failures = new ArrayList<>();
        Map<CorpusCase, Object> accepted = new LinkedHashMap<>();
        String file = dir.resolve("application.conf").toString();
        try (CapturedLogs logs = new CapturedLogs()) {
            for (CorpusCase corpusCase : cases) {
                Judgement judgement = new Judgement(corpusCase, file, failures);
                Accepted outcome = null;
                List<Problem> problems = List.of();
                List<String> texts = new ArrayList<>();
                setSystemProperties(corpusCase.systemProperties());
                try {
                    outcome = subject.apply(TestConfigs.load(dir, corpusCase.hocon(), corpusCase.environment()));
                    texts.addAll(outcome.texts());
                } catch (InvalidConfigurationException e) {
                    problems = e.problems();
                    texts.add(e.toString());
                } catch (RuntimeException e) {
                    judgement.fail(Verdict.ESCAPED, e.toString());
                    texts.add(e.toString());
                } finally {
                    clearSystemProperties(corpusCase.systemProperties());
                }
                texts.addAll(logs.drain());
                judgement.leaks(texts);
                List<Problem> warnings = outcome == null ? List.of() : outcome.warnings();
                judgement.clear(
                        Stream.concat(problems.stream(), warnings.stream()).toList());
                judgement.expectation(outcome != null, problems, warnings);
                if (outcome != null) {
                    accepted.put(corpusCase, outcome.settings());
                    if (flinkAccepts != null) {
                        try {
                            flinkAccepts.accept(outcome.settings());
                        } catch (RuntimeException e) {
                            judgement.fail(Verdict.REFUSED_BY_FLINK, e.toString());
                        }
                    }
                }
            }
        }
        return new Result(cases, failures, accepted);
    }

    private static void setSystemProperties(Map<String, String> properties) {
        if (!properties.isEmpty()) {
            properties.forEach(System::setProperty);
            ConfigFactory.invalidateCaches();
        }
    }

    private static void clearSystemProperties(Map<String, String> properties) {
        if (!properties.isEmpty()) {
            properties.keySet().forEach(System::clearProperty);
            ConfigFactory.invalidateCaches();
        }
    }

    /** The checks of one case. */
    private record Judgement(CorpusCase corpusCase, String file, List<Failure> failures) {

        void fail(Verdict verdict, String detail) {
            failures.add(new Failure(corpusCase, verdict, detail));
        }

        void leaks(List<String> texts) {
            texts.stream()
                    .filter(text -> text.contains(ConfigurationCorpus.SECRET))
                    .findFirst()
                    .ifPresent(text -> fail(Verdict.LEAK, text));
        }

        /** Every problem and warning names a key (or, without one, a file and line or a variable) and a real origin. */
        void clear(List<Problem> reported) {
            for (Problem problem : reported) {
                boolean clear = problem.message() != null
                        && !problem.message().isBlank()
                        && problem.origin() != null
                        && (problem.key() == null
                                ? KEYLESS_ORIGIN.matcher(problem.origin()).matches()
                                : !problem.key().isBlank()
                                        && !problem.origin().equals("not set")
                                        && !"(missing)".equals(problem.value()));
                if (!clear) {
                    fail(Verdict.UNCLEAR, problem.toString());
                }
            }
        }

        void expectation(boolean accepted, List<Problem> problems, List<Problem> warnings) {
            switch (corpusCase.expect()) {
                case VALID -> {
                    if (!accepted) {
                        fail(Verdict.VALID_REJECTED, render(problems));
                    }
                }
                case WARNED -> {
                    if (!accepted) {
                        fail(Verdict.VALID_REJECTED, render(problems));
                    } else if (!names(warnings)) {
                        fail(Verdict.UNCLEAR, "no warning names " + expected() + ": " + render(warnings));
                    }
                }
                case REJECTED -> {
                    if (accepted) {
                        fail(Verdict.BROKEN_ACCEPTED, "warnings: " + render(warnings));
                    } else if (!names(problems)) {
                        fail(Verdict.UNCLEAR, "no problem names " + expected() + ": " + render(problems));
                    } else if (corpusCase.problems() != null && corpusCase.problems() != problems.size()) {
                        fail(Verdict.UNCLEAR, "expected " + corpusCase.problems() + " problem(s): " + render(problems));
                    }
                }
            }
        }

        private boolean names(List<Problem> reported) {
            return reported.stream()
                    .anyMatch(problem ->
                            Objects.equals(problem.key(), corpusCase.key()) && originMatches(problem.origin()));
        }

        private boolean originMatches(String origin) {
            String expected = corpusCase.origin();
            if (expected == null) {
                return true;
            }
            if (expected.equals("line:*")) {
                return origin.startsWith(file + ":");
            }
            if (expected.startsWith("line:")) {
                return origin.equals(file + ":" + expected.substring("line:".length()));
            }
            return origin.equals(expected);
        }

        private String expected() {
            return corpusCase.key() + " (" + corpusCase.origin() + ")";
        }

        private static String render(List<Problem> reported) {
            return reported.stream().map(Problem::toString).collect(Collectors.joining(" | "));
        }
    }
}
