package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.config.internal.HoconNames;
import io.flinkstarters.config.internal.Redaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.core.fs.Path;

/**
 * How a setting's value is read from HOCON and which values are allowed: the "reader" column of a
 * starter's settings table, with the limits Flink enforces for the option it feeds.
 *
 * <p>A value is accepted only as written: a fraction in a whole-number key ({@code 1.5}) or below a
 * millisecond in a duration ({@code 1500.5} from an environment variable) is rejected, never rounded,
 * because Flink reads these options in whole numbers and would silently drop the rest.
 *
 * <p>{@link #flinkLimits()} lists the values at the edge of each limit (accepted by Flink) and just
 * past it (refused or changed by Flink), so tests can prove every limit against Flink itself and the
 * configuration corpus can try them.
 *
 * @param <T> the value's Java type
 */
@Experimental
public final class SettingType<T> {

    private static final String DURATION_HINT = "e.g. 500ms, 60s, 10m; a plain number means milliseconds";

    /** Reads a value; a {@link com.typesafe.config.ConfigException} or {@code null} means it is not acceptable. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Config config, String key);
    }

    /** HOCON literals on both sides of Flink's limits for an option. */
    public record Limits(List<String> accepted, List<String> refused) {
        static final Limits NONE = new Limits(List.of(), List.of());
    }

    /** An extra rule with its own message, for values the type parses but cannot use. */
    private record Check<T>(Predicate<T> ok, String message) {}

    private final String allowed;
    private final String hint;
    private final Parser<T> parser;
    private final Limits flinkLimits;
    private final List<String> ownRejections;
    private final List<Check<T>> checks;

    private SettingType(
            String allowed,
            String hint,
            Parser<T> parser,
            Limits flinkLimits,
            List<String> ownRejections,
            List<Check<T>> checks) {
        this.allowed = allowed;
        this.hint = hint;
        this.parser = parser;
        this.flinkLimits = flinkLimits;
        this.ownRejections = List.copyOf(ownRejections);
        this.checks = List.copyOf(checks);
    }

    /** A duration of at least {@code minimum}, in whole milliseconds. */
    public static SettingType<Duration> durationAtLeast(Duration minimum) {
        String allowed = minimum.isZero()
                ? "a duration of zero or more"
                : minimum.equals(Duration.ofMillis(1))
                        ? "a positive duration"
                        : "a duration of at least " + DurationFormat.of(minimum);
        String half = (minimum.toMillis() + 1) + ".5ms";
        return new SettingType<>(
                allowed + ", in whole milliseconds",
                DURATION_HINT,
                SettingType::wholeMillis,
                new Limits(List.of(DurationFormat.of(minimum)), List.of(millis(minimum.toMillis() - 1))),
                List.of("soon", half),
                List.of(new Check<>(duration -> duration.compareTo(minimum) >= 0, null)));
    }

    /** A duration above zero, in whole milliseconds. */
    public static SettingType<Duration> positiveDuration() {
        return durationAtLeast(Duration.ofMillis(1));
    }

    /** A duration of zero or more, in whole milliseconds. */
    public static SettingType<Duration> nonNegativeDuration() {
        return durationAtLeast(Duration.ZERO);
    }

    /** A whole number of at least {@code minimum}. */
    public static SettingType<Integer> wholeNumber(int minimum) {
        return new SettingType<>(
                "a whole number of at least " + minimum,
                "",
                SettingType::wholeNumber,
                new Limits(List.of(String.valueOf(minimum)), List.of(String.valueOf(minimum - 1L))),
                List.of("many", minimum + ".5"),
                List.of(new Check<>(value -> value >= minimum, null)));
    }

    /** A whole number from {@code minimum} to {@code maximum}. */
    public static SettingType<Integer> wholeNumber(int minimum, int maximum) {
        return new SettingType<>(
                "a whole number from " + minimum + " to " + maximum,
                "",
                SettingType::wholeNumber,
                new Limits(
                        List.of(String.valueOf(minimum), String.valueOf(maximum)),
                        List.of(String.valueOf(minimum - 1L), String.valueOf(maximum + 1L))),
                List.of("many", minimum + ".5"),
                List.of(new Check<>(value -> value >= minimum && value <= maximum, null)));
    }

    /** A finite number greater than {@code bound} (Flink's exclusive limits, such as a backoff multiplier). */
    public static SettingType<Double> numberAbove(double bound) {
        return new SettingType<>(
                "a number greater than " + bound,
                "",
                SettingType::finiteNumber,
                new Limits(List.of(String.valueOf(bound + 0.001)), List.of(String.valueOf(bound))),
                List.of("large", "Infinity"),
                List.of(new Check<>(value -> value > bound, null)));
    }

    /** A number from {@code minimum} to {@code maximum}. */
    public static SettingType<Double> numberBetween(double minimum, double maximum) {
        return new SettingType<>(
                "a number from " + minimum + " to " + maximum,
                "",
                SettingType::finiteNumber,
                new Limits(
                        List.of(String.valueOf(minimum), String.valueOf(maximum)),
                        List.of(String.valueOf(minimum - 0.01), String.valueOf(maximum + 0.01))),
                List.of("half", "NaN"),
                List.of(new Check<>(value -> value >= minimum && value <= maximum, null)));
    }

    /** {@code true} or {@code false}. */
    public static SettingType<Boolean> bool() {
        return new SettingType<>(
                "true or false", "", Config::getBoolean, Limits.NONE, List.of("maybe", "2"), List.of());
    }

    /**
     * One of an enum's constants, written in HOCON style ({@code exactly-once}) or as the constant
     * ({@code EXACTLY_ONCE}, the predecessor's environment style).
     */
    public static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
        String names =
                Arrays.stream(type.getEnumConstants()).map(HoconNames::of).collect(Collectors.joining(", "));
        return new SettingType<>(
                "one of " + names,
                "",
                (config, key) -> parseChoice(config.getString(key), type),
                Limits.NONE,
                List.of("sometimes"),
                List.of());
    }

    /** A string that may be {@code null}; blank counts as a problem, as it is always a mistake. */
    public static SettingType<Optional<String>> optionalString() {
        return new SettingType<>(
                "a non-empty string or null",
                "",
                (config, key) -> config.getIsNull(key)
                        ? Optional.empty()
                        : nonBlank(config.getString(key)).map(Optional::of).orElse(null),
                Limits.NONE,
                List.of("\"  \""),
                List.of());
    }

    /** Like {@link #optionalString()}, wrapped so it cannot be printed by accident. */
    public static SettingType<Optional<Secret>> optionalSecret() {
        return optionalString().map(value -> value.map(Secret::of));
    }

    /**
     * A path or URI that may be {@code null}, without credentials in it ({@code s3://key:secret@bucket}
     * would be printed wherever the location is logged).
     *
     * @param whereCredentialsGo where to give credentials instead, completing "set ... instead"
     */
    public static SettingType<Optional<String>> optionalLocation(String whereCredentialsGo) {
        return optionalString()
                .where(
                        location -> location.filter(Redaction::hasUserInfo).isEmpty(),
                        "must not carry credentials in the URI (they would be printed wherever it is logged): set "
                                + whereCredentialsGo + " instead")
                .where(
                        location -> location.map(SettingType::isUri).orElse(true),
                        "must be a path or a URI such as s3://bucket/path or file:///path");
    }

    private static boolean isUri(String location) {
        try {
            new Path(location);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A string that must be set. */
    public static SettingType<String> requiredString() {
        return new SettingType<>(
                "a non-empty string",
                "",
                (config, key) -> nonBlank(config.getString(key)).orElse(null),
                Limits.NONE,
                List.of("\"  \""),
                List.of());
    }

    /** This type's values, or {@code null} (read as empty). */
    public static <T> SettingType<Optional<T>> orNull(SettingType<T> type) {
        return new SettingType<>(
                type.allowed + ", or null",
                type.hint,
                (config, key) -> {
                    if (config.getIsNull(key)) {
                        return Optional.empty();
                    }
                    Reading<T> reading = type.read(config, key);
                    if (!reading.ok()) {
                        throw new NotAllowed(reading.problem());
                    }
                    return Optional.of(reading.value());
                },
                type.flinkLimits,
                type.ownRejections,
                List.of());
    }

    /** The same values, converted (the conversion must not fail for a value this type accepts). */
    public <R> SettingType<R> map(Function<T, R> conversion) {
        List<Check<R>> none = List.of();
        SettingType<T> source = this;
        return new SettingType<>(
                allowed,
                hint,
                (config, key) -> {
                    Reading<T> reading = source.read(config, key);
                    if (!reading.ok()) {
                        throw new NotAllowed(reading.problem());
                    }
                    return conversion.apply(reading.value());
                },
                flinkLimits,
                ownRejections,
                none);
    }

    /**
     * This type with an extra rule: values for which {@code ok} fails are rejected with {@code message}
     * (completing "key = value (origin): ...").
     */
    public SettingType<T> where(Predicate<T> ok, String message) {
        List<Check<T>> more = new ArrayList<>(checks);
        more.add(new Check<>(ok, message));
        return new SettingType<>(allowed, hint, parser, flinkLimits, ownRejections, more);
    }

    /** This type with values Flink refuses (or changes) and their accepted neighbours, for tests against Flink. */
    public SettingType<T> withFlinkLimits(List<String> accepted, List<String> refused) {
        return new SettingType<>(allowed, hint, parser, new Limits(accepted, refused), ownRejections, checks);
    }

    /** This type with more values it must reject (for the configuration corpus). */
    public SettingType<T> rejecting(String... literals) {
        List<String> more = new ArrayList<>(ownRejections);
        more.addAll(List.of(literals));
        return new SettingType<>(allowed, hint, parser, flinkLimits, more, checks);
    }

    /** What is allowed, completing "must be ...": {@code a duration of at least 10ms, in whole milliseconds}. */
    public String allowed() {
        return allowed;
    }

    /** The message for a value that is not allowed: {@code must be ... (e.g. ...)}. */
    public String rule() {
        return "must be " + allowed + (hint.isEmpty() ? "" : " (" + hint + ")");
    }

    /** HOCON literals at and past the limits Flink enforces for the option this type feeds. */
    public Limits flinkLimits() {
        return flinkLimits;
    }

    /** HOCON literals this type rejects that Flink would not refuse (wrong types, fractions Flink would drop). */
    public List<String> ownRejections() {
        return ownRejections;
    }

    /**
     * Reads the value at {@code key}: the value, or the message saying why it cannot be used (missing,
     * of the wrong type, not allowed).
     */
    Reading<T> read(Config config, String key) {
        T value;
        try {
            value = parser.parse(config, key);
        } catch (ConfigException e) {
            return Reading.problem(rule());
        } catch (NotAllowed e) {
            return Reading.problem(e.getMessage());
        }
        if (value == null) {
            return Reading.problem(rule());
        }
        for (Check<T> check : checks) {
            if (!check.ok().test(value)) {
                return Reading.problem(check.message() == null ? rule() : check.message());
            }
        }
        return Reading.of(value);
    }

    /** Thrown by a parser for a value it understood but cannot use, with the message to show. */
    private static final class NotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /** A value read, or why there is none. */
    record Reading<T>(T value, String problem) {
        static <T> Reading<T> of(T value) {
            return new Reading<>(value, null);
        }

        static <T> Reading<T> problem(String problem) {
            return new Reading<>(null, problem);
        }

        boolean ok() {
            return problem == null;
        }
    }

    private static Duration wholeMillis(Config config, String key) {
        ConfigValue value = config.getValue(key);
        Duration duration;
        if (value.valueType() == ConfigValueType.NUMBER) {
            // Typesafe would truncate 1.5 to 1 ms; only whole numbers of milliseconds are taken.
            Number number = config.getNumber(key);
            if (!isWhole(number)) {
                return null;
            }
            duration = Duration.ofMillis(number.longValue());
        } else {
            duration = config.getDuration(key);
        }
        return duration.getNano() % 1_000_000 == 0 ? duration : null;
    }

    private static Integer wholeNumber(Config config, String key) {
        Number number = config.getNumber(key);
        if (!isWhole(number) || number.doubleValue() < Integer.MIN_VALUE || number.doubleValue() > Integer.MAX_VALUE) {
            return null;
        }
        return number.intValue();
    }

    private static boolean isWhole(Number number) {
        return number instanceof Integer
                || number instanceof Long
                || (Double.isFinite(number.doubleValue()) && number.doubleValue() == Math.rint(number.doubleValue()));
    }

    private static Double finiteNumber(Config config, String key) {
        double value = config.getDouble(key);
        return Double.isFinite(value) ? value : null;
    }

    private static Optional<String> nonBlank(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static <E extends Enum<E>> E parseChoice(String text, Class<E> type) {
        String constant = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants())
                .filter(value -> value.name().equals(constant))
                .findFirst()
                .orElse(null);
    }

    private static String millis(long millis) {
        return millis + "ms";
    }
}
