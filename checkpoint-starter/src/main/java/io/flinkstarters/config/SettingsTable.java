package io.flinkstarters.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;

/**
 * A starter's settings table: one {@link Setting} row per HOCON key, read in one pass and written to
 * Flink in one pass, so the mapping from keys to Flink options is declared once.
 *
 * <p>Adding a key that maps 1:1 onto a Flink option takes its {@code reference.conf} entry and one
 * row; the table then reads it (with its type's rules and Flink's limits), writes it, rejects the same
 * option in {@code flink.conf}, puts it in the cluster configuration when it is cluster-level, and
 * reports it when it is set but cannot take effect. The generated configuration reference and the
 * configuration corpus read the rows too.
 */
@Internal
public final class SettingsTable {

    private final List<Setting<?>> rows;

    private SettingsTable(List<Setting<?>> rows) {
        Set<String> keys = new LinkedHashSet<>();
        for (Setting<?> row : rows) {
            if (!keys.add(row.key())) {
                throw new IllegalArgumentException("two rows for " + row.key());
            }
        }
        this.rows = List.copyOf(rows);
    }

    public static SettingsTable of(Setting<?>... rows) {
        return new SettingsTable(Arrays.asList(rows));
    }

    /** One table with the rows of several. */
    public static SettingsTable combine(SettingsTable... tables) {
        List<Setting<?>> rows = new ArrayList<>();
        for (SettingsTable table : tables) {
            rows.addAll(table.rows);
        }
        return new SettingsTable(rows);
    }

    public List<Setting<?>> rows() {
        return rows;
    }

    /** The row for a HOCON key. */
    public Optional<Setting<?>> row(String key) {
        return rows.stream().filter(row -> row.key().equals(key)).findFirst();
    }

    /**
     * Reads every row, recording problems in the reader; a rejected value reads as its default so
     * that reading goes on.
     */
    public SettingValues read(ConfigReader reader) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> row : rows) {
            values.put(row, reader.read(row));
        }
        return new SettingValues(values);
    }

    /**
     * Warns about every row set explicitly that cannot take effect because a condition of
     * {@link Setting#onlyWhen} does not hold; call after the starter's rules, so a value already
     * rejected is not reported twice.
     */
    public void warnIgnored(ConfigReader reader, SettingValues values) {
        for (Setting<?> row : rows) {
            row.unmetCondition(values)
                    .filter(unmet -> reader.isExplicit(row.key())
                            && !reader.isNull(row.key())
                            && reader.valid(row.key(), unmet.getKey().key())
                            && !reader.hasProblem(row.key()))
                    .ifPresent(unmet -> reader.warn(
                            row.key(),
                            "is ignored: it applies only when " + unmet.getValue() + ", and "
                                    + reader.describe(unmet.getKey().key()) + "; remove it or change that"));
        }
    }

    /** Writes every row that maps 1:1 onto a Flink option and applies. */
    public void write(SettingValues values, Configuration configuration) {
        for (Setting<?> row : rows) {
            row.write(configuration, values);
        }
    }

    /**
     * Every Flink key the rows own, including Flink's deprecated and fallback spellings, with the HOCON
     * key that controls it: a pass-through value for one of them would make one of two places silently lose.
     */
    public Map<String, String> ownerByFlinkKey() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Setting<?> row : rows) {
            for (ConfigOption<?> option : row.options()) {
                owners.putIfAbsent(option.key(), row.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    owners.putIfAbsent(fallback.getKey(), row.key());
                }
            }
        }
        return owners;
    }

    /** The options Flink reads from the cluster's configuration only. */
    public Set<ConfigOption<?>> clusterOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        rows.stream().filter(Setting::isClusterLevel).forEach(row -> options.addAll(row.options()));
        return options;
    }

    /** The part of a configuration made of cluster-level options. */
    public Configuration clusterPart(Configuration configuration) {
        Map<String, String> all = configuration.toMap();
        Map<String, String> cluster = new LinkedHashMap<>();
        for (ConfigOption<?> option : clusterOptions()) {
            if (all.containsKey(option.key())) {
                cluster.put(option.key(), all.get(option.key()));
            }
        }
        return Configuration.fromMap(cluster);
    }
}
