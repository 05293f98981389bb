package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.config.internal.HoconNames;
import io.flinkstarters.config.internal.Origins;
import io.flinkstarters.config.internal.ReferenceCatalog;
import io.flinkstarters.config.internal.UnknownKeyCheck;
import io.flinkstarters.config.internal.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads typed values from a loaded configuration and collects every problem instead of stopping at
 * the first, so one {@link InvalidConfigurationException} lists them all.
 *
 * <p>Each getter returns the value; when the value is invalid it records a problem that names the
 * key, the value (masked when the key is a secret), its origin and the rule, and returns the
 * {@code reference.conf} default so reading can go on and find the next problem. Rules that combine
 * several keys check {@link #valid(String...)} first, so a bad value is reported once, not again as a
 * confusing consequence. Cross-field rules use {@link #reject(String, String)}. Call
 * {@link #throwIfInvalid()} once everything is read: values read from an invalid configuration must
 * not be used.
 */
@PublicEvolving
public final class ConfigReader {

    /** Switch between failing on unknown keys ({@code error}, the default) and logging them ({@code warn}). */
    public static final String UNKNOWN_KEYS = "flink.starters.unknown-keys";

    private final Config config;
    private final Config reference = ConfigFactory.defaultReference();
    private final Set<String> invalidKeys = new HashSet<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    public ConfigReader(Config config) {
        this.config = config;
    }

    /** The configuration being read. */
    public Config config() {
        return config;
    }

    public Duration positiveDuration(String key) {
        return read(
                key,
                c -> c.getDuration(key),
                duration -> !duration.isNegative() && !duration.isZero(),
                "must be a positive duration (e.g. 500ms, 60s, 10m; a plain number means milliseconds)");
    }

    public Duration nonNegativeDuration(String key) {
        return read(
                key,
                c -> c.getDuration(key),
                duration -> !duration.isNegative(),
                "must be a duration of zero or more (e.g. 0s, 30s; a plain number means milliseconds)");
    }

    public Integer intAtLeast(String key, int minimum) {
        return read(key, c -> c.getInt(key), value -> value >= minimum, "must be a whole number >= " + minimum);
    }

    public Double doubleBetween(String key, double minimum, double maximum) {
        return read(
                key,
                c -> c.getDouble(key),
                value -> value >= minimum && value <= maximum,
                "must be a number from " + minimum + " to " + maximum);
    }

    public Boolean bool(String key) {
        return read(key, c -> c.getBoolean(key), value -> true, "must be true or false");
    }

    /**
     * One of an enum's constants, written in HOCON style ({@code exactly-once}) or as the constant
     * ({@code EXACTLY_ONCE}, the predecessor's environment style).
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String allowed =
                Arrays.stream(type.getEnumConstants()).map(HoconNames::of).collect(Collectors.joining(", "));
        return read(key, c -> parseChoice(c.getString(key), type), value -> value != null, "must be one of " + allowed);
    }

    private static <E extends Enum<E>> E parseChoice(String text, Class<E> type) {
        String constant = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants())
                .filter(value -> value.name().equals(constant))
                .findFirst()
                .orElse(null);
    }

    /** A string that may be {@code null}; blank counts as a problem, as it is always a mistake. */
    public Optional<String> optionalString(String key) {
        if (isNull(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                read(key, c -> c.getString(key), value -> !value.isBlank(), "must be a non-empty string or null"));
    }

    /** Like {@link #optionalString(String)}, wrapped so it cannot be printed by accident. */
    public Optional<Secret> optionalSecret(String key) {
        return optionalString(key).map(Secret::of);
    }

    private <T> T read(String key, Function<Config, T> getter, Predicate<T> valid, String rule) {
        try {
            T value = getter.apply(config);
            if (value != null && valid.test(value)) {
                return value;
            }
        } catch (ConfigException e) {
            // Missing, null, wrong type or unparsable: all are reported the same way, with the rule.
        }
        reject(key, rule);
        invalidKeys.add(key);
        return fallback(key, getter);
    }

    /** The default for a key whose value was rejected, so reading can continue; null if there is none. */
    private <T> T fallback(String key, Function<Config, T> getter) {
        try {
            return getter.apply(reference);
        } catch (ConfigException e) {
            return null;
        }
    }

    /** Whether none of these keys had an invalid value; rules that combine keys check this first. */
    public boolean valid(String... keys) {
        return Arrays.stream(keys).noneMatch(invalidKeys::contains);
    }

    /** Records a problem with a key (for rules that involve several keys). */
    public void reject(String key, String message) {
        problems.add(problem(key, message));
    }

    /** Records something suspicious that does not stop the job. */
    public void warn(String key, String message) {
        warnings.add(problem(key, message));
    }

    private Problem problem(String key, String message) {
        return new Problem(key, displayValue(key), origin(key), message);
    }

    /** Whether the key holds a value other than its {@code reference.conf} default. */
    public boolean isExplicit(String key) {
        return valueAt(key)
                .map(value -> !Origins.describe(value.origin()).endsWith("(default)"))
                .orElse(false);
    }

    public boolean isNull(String key) {
        return valueAt(key)
                .map(value -> value.valueType() == ConfigValueType.NULL)
                .orElse(true);
    }

    /** Where the key's value came from: {@code application.conf:12}, {@code env FLINK_X}, ... */
    public String origin(String key) {
        return valueAt(key).map(value -> Origins.describe(value.origin())).orElse("not set");
    }

    /** The value as written, or {@value Secret#MASK} for secret keys. */
    public String displayValue(String key) {
        Optional<ConfigValue> value = valueAt(key);
        if (value.isEmpty()) {
            return "(missing)";
        }
        if (Secret.isSecretKey(key) && value.get().valueType() != ConfigValueType.NULL) {
            return Secret.MASK;
        }
        return Values.render(value.get());
    }

    /** {@code key = value (origin)}, secrets masked. */
    public String describe(String key) {
        return key + " = " + displayValue(key) + " (" + origin(key) + ")";
    }

    /**
     * {@code key = value (origin)} for every value set under the given paths (defaults included),
     * in {@code reference.conf} order, then the keys reference.conf does not declare (such as
     * pass-through Flink options); secrets masked.
     */
    public List<String> describeAll(String... paths) {
        List<String> known =
                catalog().entries().stream().map(ReferenceCatalog.Entry::path).toList();
        Comparator<String> referenceOrder = Comparator.comparingInt(
                        (String key) -> known.contains(key) ? known.indexOf(key) : Integer.MAX_VALUE)
                .thenComparing(Comparator.naturalOrder());
        List<String> lines = new ArrayList<>();
        for (String path : paths) {
            List<String> leaves = new ArrayList<>();
            valueAt(path).ifPresent(value -> collectLeaves(value, ConfigUtil.splitPath(path), leaves));
            leaves.sort(referenceOrder);
            leaves.forEach(leaf -> lines.add(describe(leaf)));
        }
        return lines;
    }

    private static void collectLeaves(ConfigValue value, List<String> segments, List<String> leaves) {
        if (value instanceof ConfigObject object) {
            object.forEach((name, child) -> {
                List<String> childSegments = new ArrayList<>(segments);
                childSegments.add(name);
                collectLeaves(child, childSegments, leaves);
            });
        } else {
            leaves.add(ConfigUtil.joinPath(segments));
        }
    }

    private static ReferenceCatalog catalog() {
        return ReferenceCatalog.of(ConfigFactory.defaultReference());
    }

    /**
     * The value at a path, including explicit {@code null}s (which {@link Config#hasPath} hides), so
     * that a null can still name its origin.
     */
    private Optional<ConfigValue> valueAt(String key) {
        ConfigValue current = config.root();
        for (String segment : ConfigUtil.splitPath(key)) {
            if (!(current instanceof ConfigObject object) || !object.containsKey(segment)) {
                return Optional.empty();
            }
            current = object.get(segment);
        }
        return Optional.of(current);
    }

    /**
     * Reports keys under the given roots that no {@code reference.conf} declares, with a "did you
     * mean" suggestion; errors or warnings according to {@value #UNKNOWN_KEYS}.
     */
    public void checkUnknownKeys(String... roots) {
        UnknownKeyMode mode = choice(UNKNOWN_KEYS, UnknownKeyMode.class);
        for (UnknownKeyCheck.Finding finding : UnknownKeyCheck.find(config, catalog(), List.of(roots))) {
            if (mode == UnknownKeyMode.WARN) {
                warn(finding.key(), finding.message());
            } else {
                reject(finding.key(), finding.message());
            }
        }
    }

    private enum UnknownKeyMode {
        ERROR,
        WARN
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    /** Throws one exception listing every problem recorded so far, if there is any. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
