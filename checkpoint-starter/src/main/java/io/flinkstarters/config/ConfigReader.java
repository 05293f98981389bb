package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.config.internal.EnvironmentLookAlikes;
import io.flinkstarters.config.internal.KeyCheck;
import io.flinkstarters.config.internal.Origins;
import io.flinkstarters.config.internal.Redaction;
import io.flinkstarters.config.internal.ReferenceCatalog;
import io.flinkstarters.config.internal.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads typed values from a loaded configuration and collects every problem instead of stopping at
 * the first, so one {@link InvalidConfigurationException} lists them all.
 *
 * <p>Each getter returns the value; when the value is invalid it records a problem that names the
 * key, the value (masked when it may be a secret), its origin and the rule, and returns the
 * {@code reference.conf} default so reading can go on and find the next problem. Rules that combine
 * several keys check {@link #valid(String...)} first, so a bad value is reported once, not again as a
 * confusing consequence. Cross-field rules use {@link #reject(String, String)}. Call
 * {@link #checkUnknownKeys(String...)} before reading and {@link #throwIfInvalid()} once everything is
 * read: values read from an invalid configuration must not be used.
 *
 * <p>Nothing this reader renders shows a credential: values of secret keys (see
 * {@link Secret#isSecretKey(String)}) and of blocks that may hold them are masked, the user-info of
 * URIs is masked, unknown keys are shown without their value, and the value of any secret key that
 * turns up in a message (say, quoted by a storage's error) is masked there too.
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

    /** Secrets shorter than this are not searched for in messages: they would match ordinary words. */
    private static final int SHORTEST_SCRUBBED_SECRET = 6;

    private final Config config;
    private final Config reference = ConfigFactory.defaultReference();
    private final ReferenceCatalog catalog = ReferenceCatalog.of(reference);
    private final Set<String> invalidKeys = new HashSet<>();
    private final Set<List<String>> brokenBlocks = new HashSet<>();
    private final Set<String> secretValues = new HashSet<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    public ConfigReader(Config config) {
        this.config = config;
        collectSecrets(config.root(), List.of());
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
     * (or {@code null} when there is none) so that reading can go on. A key below a block that was
     * given a single value is not reported again: the block's problem says it all.
     */
    public <T> T read(String key, SettingType<T> type) {
        SettingType.Reading<T> reading = underBrokenBlock(key) ? null : type.read(config, key);
        if (reading != null && reading.ok()) {
            return reading.value();
        }
        if (reading != null) {
            reject(key, reading.problem());
        }
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
        if (!strictlyUnderBrokenBlock(key)) {
            problems.add(problem(key, message));
        }
    }

    public void reject(Setting<?> setting, String message) {
        reject(setting.key(), message);
    }

    /** Records something suspicious that does not stop the job. */
    public void warn(String key, String message) {
        if (!strictlyUnderBrokenBlock(key)) {
            warnings.add(problem(key, message));
        }
    }

    public void warn(Setting<?> setting, String message) {
        warn(setting.key(), message);
    }

    private Problem problem(String key, String message) {
        return new Problem(key, displayValue(key), origin(key), scrub(message));
    }

    public boolean isExplicit(Setting<?> setting) {
        return isExplicit(setting.key());
    }

    /** Whether the key holds a value other than its {@code reference.conf} default. */
    public boolean isExplicit(String key) {
        return valueAt(key).map(value -> !Origins.isDefault(value.origin())).orElse(false);
    }

    public boolean isNull(String key) {
        return valueAt(key)
                .map(value -> value.valueType() == ConfigValueType.NULL)
                .orElse(true);
    }

    public String origin(Setting<?> setting) {
        return origin(setting.key());
    }

    /**
     * Where the key's value came from, in the shape documented in docs/CHECKPOINT_RECOVERY.md:
     * {@code application.conf:12}, {@code env FLINK_X}, {@code -Dkey}, {@code default (reference.conf:5)},
     * {@code in code, line 3}.
     */
    public String origin(String key) {
        return valueAt(key).map(value -> Origins.describe(value.origin(), key)).orElse("not set");
    }

    public String displayValue(Setting<?> setting) {
        return displayValue(setting.key());
    }

    /**
     * The value as written, except what may be a credential: {@value Secret#MASK} for secret keys and
     * for blocks that may hold one, {@code {...}} for other blocks, URIs with their user-info masked.
     */
    public String displayValue(String key) {
        Optional<ConfigValue> value = valueAt(key);
        if (value.isEmpty()) {
            return "(missing)";
        }
        if (value.get().valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (mayHoldSecret(key)) {
            return Secret.MASK;
        }
        return scrub(Values.render(value.get()));
    }

    /** A secret key, or a block that is free-form or holds secret keys itself (given a single value by mistake). */
    private boolean mayHoldSecret(String key) {
        if (Secret.isSecretKey(key)) {
            return true;
        }
        return catalog.isObject(key)
                && (catalog.isFreeForm(key)
                        || catalog.childrenOf(key).stream()
                                .map(child -> key + "." + child)
                                .anyMatch(child -> catalog.isLeaf(child) && Secret.isSecretKey(child)));
    }

    /** {@code key = value (origin)}, secrets masked. */
    public String describe(String key) {
        return key + " = " + displayValue(key) + " (" + origin(key) + ")";
    }

    /**
     * {@code key = value (origin)} for every value in effect under the given paths (defaults
     * included), in {@code reference.conf} order, then the keys of free-form blocks (such as
     * pass-through Flink options); secrets masked. Unknown keys take no effect and are left out (they
     * are problems or warnings).
     */
    public List<String> describeAll(String... paths) {
        List<String> known =
                catalog.entries().stream().map(ReferenceCatalog.Entry::path).toList();
        Comparator<String> referenceOrder = Comparator.comparingInt(
                        (String key) -> known.contains(key) ? known.indexOf(key) : Integer.MAX_VALUE)
                .thenComparing(Comparator.naturalOrder());
        List<String> lines = new ArrayList<>();
        for (String path : paths) {
            List<String> leaves = new ArrayList<>();
            valueAt(path).ifPresent(value -> collectLeaves(value, ConfigUtil.splitPath(path), leaves));
            leaves.stream().filter(this::takesEffect).sorted(referenceOrder).forEach(leaf -> lines.add(describe(leaf)));
        }
        return lines;
    }

    /** A key reference.conf declares, or one inside a free-form block. */
    private boolean takesEffect(String key) {
        if (catalog.isLeaf(key)) {
            return true;
        }
        List<String> segments = ConfigUtil.splitPath(key);
        for (int length = segments.size() - 1; length > 0; length--) {
            if (catalog.isFreeForm(ConfigUtil.joinPath(segments.subList(0, length)))) {
                return true;
            }
        }
        return false;
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

    /** The object at a path, or empty when the path holds no block (missing, or given a single value). */
    public Optional<ConfigObject> block(String key) {
        return valueAt(key).filter(ConfigObject.class::isInstance).map(ConfigObject.class::cast);
    }

    /**
     * Checks the keys before anything is read, and reports, errors or warnings according to
     * {@code flink.starters.unknown-keys}: keys under the given roots that no {@code reference.conf} declares (with a
     * "did you mean" suggestion), roots a few keystrokes from ours ({@code flinkk}, {@code Flink}) and our
     * paths written as one quoted key ({@code "flink.checkpoint.interval"}), and environment variables
     * that look like bound ones ({@code FLINK_CHECKPOINT_INTERVAL}). A single value where a block of
     * settings belongs ({@code flink.checkpoint = 5}) is always an error, reported once for the block.
     */
    public void checkUnknownKeys(String... roots) {
        List<KeyCheck.Finding> findings = KeyCheck.find(config, catalog, List.of(roots));
        for (KeyCheck.Finding finding : findings) {
            if (!finding.typo()) {
                reject(finding.key(), finding.message());
                brokenBlocks.add(ConfigUtil.splitPath(finding.key()));
            }
        }
        read(UNKNOWN_KEYS);
        UnknownKeyMode mode = unknownKeyMode();
        for (KeyCheck.Finding finding : findings) {
            if (finding.typo()) {
                record(new Problem(finding.key(), null, origin(finding.key()), scrub(finding.message())), mode);
            }
        }
        block(ConfigLoader.LOOK_ALIKES).ifPresent(lookAlikes -> {
            for (Map.Entry<String, ConfigValue> lookAlike : lookAlikes.entrySet()) {
                String meant = String.valueOf(lookAlike.getValue().unwrapped());
                record(
                        new Problem(
                                null,
                                null,
                                Origins.ENV_PREFIX + lookAlike.getKey(),
                                EnvironmentLookAlikes.message(meant, catalog)),
                        mode);
            }
        });
    }

    /**
     * Records a key that nothing reads (a typo, say, in a free-form block): shown without its value, an
     * error or a warning according to {@code flink.starters.unknown-keys}.
     */
    public void rejectUnknown(String key, String message) {
        record(new Problem(key, null, origin(key), scrub(message)), unknownKeyMode());
    }

    private void record(Problem problem, UnknownKeyMode mode) {
        (mode == UnknownKeyMode.WARN ? warnings : problems).add(problem);
    }

    /** The unknown-keys switch, read quietly ({@link #checkUnknownKeys} reports a bad value once). */
    private UnknownKeyMode unknownKeyMode() {
        SettingType.Reading<UnknownKeyMode> mode = UNKNOWN_KEYS.type().read(config, UNKNOWN_KEYS.key());
        return mode.ok() ? mode.value() : UnknownKeyMode.ERROR;
    }

    private boolean underBrokenBlock(String key) {
        List<String> segments = ConfigUtil.splitPath(key);
        return brokenBlocks.stream().anyMatch(block -> startsWith(segments, block));
    }

    private boolean strictlyUnderBrokenBlock(String key) {
        List<String> segments = ConfigUtil.splitPath(key);
        return brokenBlocks.stream().anyMatch(block -> block.size() < segments.size() && startsWith(segments, block));
    }

    private static boolean startsWith(List<String> segments, List<String> prefix) {
        return segments.size() >= prefix.size()
                && segments.subList(0, prefix.size()).equals(prefix);
    }

    /** Remembers the value of every secret key, to mask it wherever it turns up in text. */
    private void collectSecrets(ConfigValue value, List<String> segments) {
        if (value instanceof ConfigObject object) {
            object.forEach((name, child) -> {
                List<String> childSegments = new ArrayList<>(segments);
                childSegments.add(name);
                collectSecrets(child, childSegments);
            });
        } else if (value.valueType() != ConfigValueType.NULL
                && !segments.isEmpty()
                && Secret.isSecretKey(ConfigUtil.joinPath(segments))) {
            String text = String.valueOf(value.unwrapped());
            if (text.length() >= SHORTEST_SCRUBBED_SECRET) {
                secretValues.add(text);
            }
        }
    }

    /**
     * The text with anything that may be a credential masked: the user-info of URIs and the value of
     * any secret key of this configuration. For text a job's own checks put into problems or logs.
     */
    public String mask(String text) {
        return scrub(text);
    }

    /** The text with URI user-info and the values of secret keys masked. */
    private String scrub(String text) {
        String scrubbed = Redaction.maskUserInfo(text);
        for (String secret : secretValues) {
            scrubbed = scrubbed.replace(secret, Secret.MASK);
        }
        return scrubbed;
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
