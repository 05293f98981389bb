package io.flinkstarters.config;

import io.flinkstarters.config.internal.Redaction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Experimental;

/**
 * The values a {@link SettingsTable} read, one per row: what a starter's settings are made of. Safe to
 * print: secrets are {@link Secret}s and credentials in URIs are masked.
 */
@Experimental
public final class SettingValues {

    private final Map<Setting<?>, Object> values;

    SettingValues(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a row of the table these values were read with. */
    @SuppressWarnings("unchecked") // Each value was read with its row's type.
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting + " is not a row of this table");
        }
        return (T) values.get(setting);
    }

    /** These values with one replaced, for values derived from others (a default that follows another key). */
    public <T> SettingValues with(Setting<T> setting, T value) {
        get(setting);
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting, value);
        return new SettingValues(changed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SettingValues settings && settings.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + Redaction.maskUserInfo(String.valueOf(entry.getValue())))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
