package io.flinkstarters.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import io.flinkstarters.config.internal.Redaction;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
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
     * Whether a key names a secret: Flink's own rule (password, secret, token, jaas.config, ...) plus
     * access keys, which Flink does not mask but which identify an account, and other credential
     * names (private keys, credentials, user-info, passphrases). Matched on the unquoted path, so
     * {@code flink.conf."fs.s3a.access.key"} and {@code flink.conf.fs.s3a.access.key} are the same.
     */
    public static boolean isSecretKey(String key) {
        String path = unquoted(key).toLowerCase(Locale.ROOT);
        return GlobalConfiguration.isSensitive(path) || CREDENTIAL.matcher(path).find();
    }

    /**
     * A value as it may be printed: {@value #MASK} for a secret key, otherwise the value with the
     * user-info of any URI in it masked ({@code http://******@host}).
     */
    public static String redact(String key, String value) {
        return isSecretKey(key) ? MASK : Redaction.maskUserInfo(value);
    }

    private static final Pattern CREDENTIAL =
            Pattern.compile("access[-._]?key|private[-._]?key|credential|user[-._]?info|passphrase");

    private static String unquoted(String key) {
        try {
            return String.join(".", ConfigUtil.splitPath(key));
        } catch (ConfigException e) {
            return key.replace("\"", "");
        }
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
