package io.flinkstarters.config;

import java.util.Locale;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * A configuration value that must never be printed: {@link #toString()} masks it, so a secret that
 * ends up in a log line, a summary or an exception message shows as {@value #MASK}.
 */
@PublicEvolving
public final class Secret {

    /** What every secret looks like when printed. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The real value, for handing to the system that needs it; never log the result. */
    public String reveal() {
        return value;
    }

    /**
     * Whether a key names a secret: Flink's own rule (password, secret, token, ...) plus access keys,
     * which Flink does not mask but which identify an account.
     */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return GlobalConfiguration.isSensitive(key) || lower.endsWith("access-key") || lower.endsWith("access.key");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
