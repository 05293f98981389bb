package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.flinkstarters.config.internal.EnvironmentLookAlikes;
import io.flinkstarters.config.internal.Origins;
import io.flinkstarters.config.internal.ReferenceCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Loads the one HOCON tree the starters read, with this precedence (highest first):
 *
 * <ol>
 *   <li>JVM system properties ({@code -Dflink.checkpoint.interval=30s});
 *   <li>environment variables bound to keys in {@code reference.conf} ({@code Env: NAME} comments,
 *       e.g. {@code FLINK_CHECKPOINT_INTERVAL_MS});
 *   <li>the application's configuration: {@code application.conf} on the class path, or the file
 *       named by {@code -Dconfig.file};
 *   <li>the defaults in every {@code reference.conf} on the class path.
 * </ol>
 *
 * <p>Environment variables are applied in code rather than with {@code ${?VAR}} in
 * {@code reference.conf}, because Typesafe Config resolves {@code reference.conf} on its own, which
 * would let {@code application.conf} silently win over the environment.
 *
 * <p>Syntax errors and unresolved substitutions become an {@link InvalidConfigurationException} that
 * names the file and line.
 */
@PublicEvolving
public final class ConfigLoader {

    /**
     * Where the loader lists environment variables that look like bound ones but are not (by name, with
     * the bound variable they most likely meant), for {@link ConfigReader#checkUnknownKeys} to report.
     */
    static final String LOOK_ALIKES = "flink.starters.ignored-environment";

    private static final Pattern ADVICE = Pattern.compile("\\s*\\(if you (intended|want) .*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("'[^']*[A-Za-z0-9][^']*'");

    private ConfigLoader() {}

    /** The application configuration from the usual places, with the process environment. */
    public static Config load() {
        return load(System.getenv());
    }

    /** The application configuration from the usual places, with the given environment. */
    public static Config load(Map<String, String> environment) {
        return guard(() -> load(ConfigFactory.defaultApplication(), environment));
    }

    /** An application configuration file (instead of {@code application.conf}) over the defaults. */
    public static Config load(Path applicationFile, Map<String, String> environment) {
        return guard(() -> load(
                ConfigFactory.parseFile(
                        applicationFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)),
                environment));
    }

    /** A given application configuration (for example parsed from a string or file) over the defaults. */
    public static Config load(Config application, Map<String, String> environment) {
        return guard(() -> {
            Config reference = ConfigFactory.defaultReference();
            ReferenceCatalog catalog = ReferenceCatalog.of(reference);
            return ConfigFactory.defaultOverrides()
                    .withFallback(environmentLayer(catalog, environment))
                    .withFallback(lookAlikeLayer(catalog, environment))
                    .withFallback(application)
                    .withFallback(reference)
                    .resolve();
        });
    }

    /**
     * A configuration over the {@code reference.conf} defaults, resolved; for configurations that did
     * not come through {@link #load}. A broken substitution becomes an {@link InvalidConfigurationException}.
     */
    public static Config withDefaults(Config config) {
        return guard(() -> config.withFallback(ConfigFactory.defaultReference()).resolve());
    }

    /** The values of bound environment variables, each with its variable as origin. */
    private static Config environmentLayer(ReferenceCatalog catalog, Map<String, String> environment) {
        Config layer = ConfigFactory.empty();
        for (ReferenceCatalog.Entry entry : catalog.entries()) {
            if (entry.envVar().isPresent()
                    && environment.containsKey(entry.envVar().get())) {
                String variable = entry.envVar().get();
                layer = layer.withFallback(ConfigFactory.parseMap(
                        Map.of(entry.path(), environment.get(variable)), Origins.ENV_PREFIX + variable));
            }
        }
        return layer;
    }

    /**
     * Variables that look like bound ones but are not ({@code FLINK_CHECKPOINT_INTERVAL}), by name only
     * (their values may be secrets), under {@value #LOOK_ALIKES}: the reader reports them.
     */
    private static Config lookAlikeLayer(ReferenceCatalog catalog, Map<String, String> environment) {
        Set<String> bound = catalog.entries().stream()
                .flatMap(entry -> entry.envVar().stream())
                .collect(Collectors.toSet());
        Config layer = ConfigFactory.empty();
        for (Map.Entry<String, String> lookAlike :
                EnvironmentLookAlikes.find(environment.keySet(), bound).entrySet()) {
            layer = layer.withFallback(ConfigFactory.parseMap(
                    Map.of(LOOK_ALIKES + "." + lookAlike.getKey(), lookAlike.getValue()),
                    Origins.ENV_PREFIX + lookAlike.getKey()));
        }
        return layer;
    }

    private static Config guard(Supplier<Config> loading) {
        try {
            return loading.get();
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(List.of(syntaxProblem(e)));
        }
    }

    private static Problem syntaxProblem(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() == null) {
            return new Problem(null, null, "configuration", hideTokens(message));
        }
        String prefix = e.origin().description() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return new Problem(null, null, Origins.describe(e.origin(), null), hideTokens(message));
    }

    /**
     * Typesafe quotes the token it stumbled on, which may be part of a secret: tokens with letters or
     * digits are masked, and its advice about quoting (which repeats the token) is dropped. The line
     * number says where to look.
     */
    private static String hideTokens(String message) {
        return ADVICE.matcher(message)
                .replaceAll("")
                .transform(text -> TOKEN.matcher(text).replaceAll("'" + Secret.MASK + "'"))
                .trim();
    }
}
