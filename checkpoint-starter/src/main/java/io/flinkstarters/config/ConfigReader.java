package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
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
import java.util.Optional;
import java.util.Set;
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

    /** What to do with unknown keys: fail ({@code error}, the default) or log and go on ({@code warn}). */
    public enum UnknownKeyMode {
        ERROR,
        WARN
    }

    /** Switch between failing on unknown keys ({@code error}, the default) and logging them ({@code warn}). */
    public static final Setting<UnknownKeyMode> UNKNOWN_KEYS =
            Setting.of("flink.starters.unknown-keys", SettingType.choice(UnknownKeyMode.class));

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

    /** The value of a settings-table row, read with its type; see {@link #read(String, SettingType)}. */
    public <T> T read(Setting<T> setting) {
        return read(setting.key(), setting.type());
    }

    /**
     * The value at {@code key} read with {@code type}. When it is missing, of the wrong type or not
     * allowed, records a problem with the type's rule and returns the {@code reference.conf} default
     * (or {@code null} when there is none) so that reading can go on.
     */
    public <T> T read(String key, SettingType<T> type) {
        SettingType.Reading<T> reading = type.read(config, key);
        if (reading.ok()) {
            return reading.value();
        }
        reject(key, reading.problem());
        invalidKeys.add(key);
        SettingType.Reading<T> fallback = type.read(reference, key);
        return fallback.ok() ? fallback.value() : null;
    }

    public Duration positiveDuration(String key) {
        return read(key, SettingType.positiveDuration());
    }

    public Duration nonNegativeDuration(String key) {
        return read(key, SettingType.nonNegativeDuration());
    }

    public Integer intAtLeast(String key, int minimum) {
        return read(key, SettingType.wholeNumber(minimum));
    }

    public Double doubleBetween(String key, double minimum, double maximum) {
        return read(key, SettingType.numberBetween(minimum, maximum));
    }

    public Boolean bool(String key) {
        return read(key, SettingType.bool());
    }

    /** See {@link SettingType#choice(Class)}. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        return read(key, SettingType.choice(type));
    }

    /** A string that may be {@code null}; blank counts as a problem, as it is always a mistake. */
    public Optional<String> optionalString(String key) {
        return read(key, SettingType.optionalString());
    }

    /** Like {@link #optionalString(String)}, wrapped so it cannot be printed by accident. */
    public Optional<Secret> optionalSecret(String key) {
        return read(key, SettingType.optionalSecret());
    }

    /** Whether none of these keys had an invalid value; rules that combine keys check this first. */
    public boolean valid(String... keys) {
        return Arrays.stream(keys).noneMatch(invalidKeys::contains);
    }

    /** Whether none of these rows had an invalid value. */
    public boolean valid(Setting<?>... settings) {
        return Arrays.stream(settings).map(Setting::key).noneMatch(invalidKeys::contains);
    }

    /** Whether a problem has been recorded for the key. */
    public boolean hasProblem(String key) {
        return problems.stream().anyMatch(problem -> key.equals(problem.key()));
    }

    /** Records a problem with a key (for rules that involve several keys). */
    public void reject(String key, String message) {
        problems.add(problem(key, message));
    }

    public void reject(Setting<?> setting, String message) {
        reject(setting.key(), message);
    }

    /** Records something suspicious that does not stop the job. */
    public void warn(String key, String message) {
        warnings.add(problem(key, message));
    }

    public void warn(Setting<?> setting, String message) {
        warn(setting.key(), message);
    }

    private Problem problem(String key, String message) {
        return new Problem(key, displayValue(key), origin(key), message);
    }

    public boolean isExplicit(Setting<?> setting) {
        return isExplicit(setting.key());
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

    public String origin(Setting<?> setting) {
        return origin(setting.key());
    }

    /** Where the key's value came from: {@code application.conf:12}, {@code env FLINK_X}, ... */
    public String origin(String key) {
        return valueAt(key).map(value -> Origins.describe(value.origin())).orElse("not set");
    }

    public String displayValue(Setting<?> setting) {
        return displayValue(setting.key());
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
     * mean" suggestion; errors or warnings according to {@link #UNKNOWN_KEYS}.
     */
    public void checkUnknownKeys(String... roots) {
        UnknownKeyMode mode = read(UNKNOWN_KEYS);
        for (UnknownKeyCheck.Finding finding : UnknownKeyCheck.find(config, catalog(), List.of(roots))) {
            if (mode == UnknownKeyMode.WARN) {
                warn(finding.key(), finding.message());
            } else {
                reject(finding.key(), finding.message());
            }
        }
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
