package io.flinkstarters.config;

import io.flinkstarters.config.internal.HoconNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * One row of a starter's settings table: a HOCON key, how it is read (its {@link SettingType}, with
 * Flink's limits), the Flink options it controls, whether Flink reads them from the cluster's
 * configuration rather than the job's, and when it applies at all.
 *
 * <pre>{@code
 * Setting<Duration> TIMEOUT = Setting.of(PREFIX + ".timeout", SettingType.durationAtLeast(Duration.ofMillis(10)))
 *         .writes(CheckpointingOptions.CHECKPOINTING_TIMEOUT)
 *         .onlyWhen(ENABLED, true);
 * }</pre>
 *
 * <p>A row that {@link #writes} an option is written by the table, so a key that maps 1:1 onto a Flink
 * option needs nothing but its row (and its {@code reference.conf} entry). A row that only
 * {@link #controls} options leaves the writing to the starter's code (derived or conditional values),
 * but still owns them: the same options in {@code flink.conf} are rejected. Rows print as their key,
 * so they read naturally in messages.
 *
 * @param <T> the value's Java type
 */
@Experimental
public final class Setting<T> {

    /** A condition of {@link #onlyWhen}: the row applies while {@code other} has one of {@code values}. */
    public record Condition<V>(Setting<V> other, Set<V> values) {
        boolean holds(SettingValues settings) {
            return values.contains(settings.get(other));
        }

        String describe() {
            return other.key + " = "
                    + values.stream().map(Setting::hocon).sorted().collect(Collectors.joining(" or "));
        }
    }

    private final String key;
    private final SettingType<T> type;
    private final List<ConfigOption<?>> options;
    private final BiConsumer<Configuration, T> writer;
    private final boolean clusterLevel;
    private final List<Condition<?>> conditions;

    private Setting(
            String key,
            SettingType<T> type,
            List<ConfigOption<?>> options,
            BiConsumer<Configuration, T> writer,
            boolean clusterLevel,
            List<Condition<?>> conditions) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.options = List.copyOf(options);
        this.writer = writer;
        this.clusterLevel = clusterLevel;
        this.conditions = List.copyOf(conditions);
    }

    /** A key read with {@code type} that sets no Flink option by itself. */
    public static <T> Setting<T> of(String key, SettingType<T> type) {
        return new Setting<>(key, type, List.of(), null, false, List.of());
    }

    /** Writes the value to {@code option} as it is. */
    public Setting<T> writes(ConfigOption<T> option) {
        return writes(option, Function.identity());
    }

    /**
     * Writes the value to {@code option} after {@code toFlink}; a {@code null} result leaves the option
     * unset (an absent optional value).
     */
    public <F> Setting<T> writes(ConfigOption<F> option, Function<T, F> toFlink) {
        if (writer != null) {
            throw new IllegalStateException(key + " already writes an option");
        }
        List<ConfigOption<?>> owned = new ArrayList<>(options);
        owned.add(option);
        BiConsumer<Configuration, T> write = (configuration, value) -> {
            F flinkValue = toFlink.apply(value);
            if (flinkValue != null) {
                configuration.set(option, flinkValue);
            }
        };
        return new Setting<>(key, type, owned, write, clusterLevel, conditions);
    }

    /** Owns {@code controlled}, which the starter's code writes (derived or conditional values). */
    public Setting<T> controls(ConfigOption<?>... controlled) {
        List<ConfigOption<?>> owned = new ArrayList<>(options);
        owned.addAll(Arrays.asList(controlled));
        return new Setting<>(key, type, owned, writer, clusterLevel, conditions);
    }

    /**
     * Flink reads this row's options from the cluster's configuration only: a job's value takes effect
     * where the job's configuration is the cluster's (local runs, application mode, a MiniCluster
     * started from it); a session cluster needs them in its {@code config.yaml}.
     */
    public Setting<T> clusterLevel() {
        return new Setting<>(key, type, options, writer, true, conditions);
    }

    /**
     * The row applies only while {@code other} has one of {@code values}: otherwise its option is not
     * written, and a value set explicitly is reported as ignored.
     */
    @SafeVarargs
    public final <V> Setting<T> onlyWhen(Setting<V> other, V... values) {
        List<Condition<?>> more = new ArrayList<>(conditions);
        more.add(new Condition<>(other, Set.of(values)));
        return new Setting<>(key, type, options, writer, clusterLevel, more);
    }

    /** The full HOCON key, such as {@code flink.checkpoint.interval}. */
    public String key() {
        return key;
    }

    public SettingType<T> type() {
        return type;
    }

    /** The Flink options this row owns, whether the table or the starter's code writes them. */
    public List<ConfigOption<?>> options() {
        return options;
    }

    /** Whether the table writes this row's option (a 1:1 mapping). */
    public boolean isWrittenByTable() {
        return writer != null;
    }

    public boolean isClusterLevel() {
        return clusterLevel;
    }

    /** Whether every condition of {@link #onlyWhen} holds for these values. */
    public boolean appliesTo(SettingValues values) {
        return conditions.stream().allMatch(condition -> condition.holds(values));
    }

    /** The first condition that does not hold, as the row it looks at and {@code other.key = value}. */
    Optional<Map.Entry<Setting<?>, String>> unmetCondition(SettingValues values) {
        return conditions.stream()
                .filter(condition -> !condition.holds(values))
                .findFirst()
                .map(condition -> Map.entry(condition.other(), condition.describe()));
    }

    /** The conditions of {@link #onlyWhen}, all of which must hold for the row to apply. */
    public List<Condition<?>> conditions() {
        return conditions;
    }

    /** The keys this row's conditions look at. */
    List<Setting<?>> conditionKeys() {
        return conditions.stream().<Setting<?>>map(Condition::other).toList();
    }

    void write(Configuration configuration, SettingValues values) {
        if (writer != null && appliesTo(values)) {
            writer.accept(configuration, values.get(this));
        }
    }

    private static String hocon(Object value) {
        return value instanceof Enum<?> constant ? HoconNames.of(constant) : String.valueOf(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setting<?> setting && setting.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** The key, so that a row reads naturally in messages. */
    @Override
    public String toString() {
        return key;
    }
}
