package io.flinkstarters;

import com.typesafe.config.Config;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.checkpoint.Retention;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.FlinkConfPassThrough;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingsTable;
import io.flinkstarters.internal.StorageProbe;
import io.flinkstarters.metrics.MetricsSettings;
import io.flinkstarters.recovery.HighAvailabilitySettings;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestoreFrom;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.internal.RestorePointResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line entry point: applies the checkpoint and recovery starters to a Flink job.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = FlinkStarters.environment();   // or FlinkStarters.configure(env)
 * }</pre>
 *
 * <p>Reads {@code application.conf} (or {@code -Dconfig.file}), the environment variables and the
 * defaults (see {@link ConfigLoader}); validates everything and throws one
 * {@link io.flinkstarters.config.InvalidConfigurationException} listing every problem before the job
 * starts; resolves {@code flink.recovery.restore}; unless {@code flink.starters.preflight.enabled = false},
 * proves the checkpoint and savepoint directories writable; logs the effective settings (secrets masked).
 */
@PublicEvolving
public final class FlinkStarters {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkStarters.class);

    /** Every {@code flink.*} key of both starters: how it is read, the Flink options it controls and how. */
    static final SettingsTable TABLE = SettingsTable.combine(
            PreflightSettings.TABLE,
            CheckpointSettings.TABLE,
            RecoverySettings.TABLE,
            HighAvailabilitySettings.TABLE,
            MetricsSettings.TABLE);

    private static final String PREFLIGHT = "flink.starters.preflight";

    private FlinkStarters() {}

    /** Every {@code flink.*} key of both starters, for the generated reference and tests. */
    @Internal
    public static SettingsTable settingsTable() {
        return TABLE;
    }

    /** A new execution environment configured from the default configuration sources. */
    public static StreamExecutionEnvironment environment() {
        return environment(ConfigLoader.load());
    }

    /** A new execution environment configured from a loaded configuration. */
    public static StreamExecutionEnvironment environment(Config config) {
        return StreamExecutionEnvironment.getExecutionEnvironment(
                settings(config).toConfiguration());
    }

    /** Applies the starters to an existing environment, from the default configuration sources. */
    public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env) {
        return configure(env, ConfigLoader.load());
    }

    /** Applies the starters to an existing environment, from a loaded configuration. */
    public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env, Config config) {
        env.configure(settings(config).toConfiguration());
        return env;
    }

    /**
     * Validates both starters' settings and resolves the restore point.
     *
     * @param config a loaded configuration (see {@link ConfigLoader}); keys it lacks take their
     *     {@code reference.conf} defaults
     */
    public static StarterSettings settings(Config config) {
        return settings(config, null).starters();
    }

    /**
     * Validates both starters' settings together with an application's own section, so one
     * {@link io.flinkstarters.config.InvalidConfigurationException} lists every problem of both, then
     * resolves the restore point.
     *
     * @param section the application's section, or {@code null} for none
     */
    public static <T> ValidatedSettings<T> settings(Config config, ApplicationSection<T> section) {
        ConfigReader reader = new ConfigReader(ConfigLoader.withDefaults(config));
        List<String> roots = new ArrayList<>(List.of("flink"));
        if (section != null) {
            roots.add(section.root());
        }
        reader.checkUnknownKeys(roots.toArray(String[]::new));
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RecoverySettings recovery = RecoverySettings.read(reader, checkpoint);
        HighAvailabilitySettings highAvailability = HighAvailabilitySettings.read(reader);
        MetricsSettings metrics = MetricsSettings.read(reader);
        PreflightSettings preflight = PreflightSettings.read(reader);
        Map<String, String> passThrough = FlinkConfPassThrough.read(
                reader,
                section == null
                        ? TABLE
                        : SettingsTable.combine(
                                TABLE, SettingsTable.of(section.settings().toArray(Setting<?>[]::new))));
        T application = section == null ? null : section.read(reader, checkpoint);
        maxParallelismIsExplicit(reader, checkpoint, recovery, passThrough, section);
        reader.throwIfInvalid();

        // Storage is only touched once the settings are known to be sound.
        initializeFileSystems(checkpoint, passThrough);
        Optional<RestorePoint> restorePoint = RestorePointResolver.resolve(reader, recovery.restore(), checkpoint);
        if (preflight.enabled()) {
            StorageProbe.check(reader, checkpoint, preflight);
            if (section != null) {
                section.preflight(reader, application, preflight);
            }
        }
        reader.throwIfInvalid();

        reader.warnings().forEach(warning -> LOG.warn("Flink Starters configuration: {}", warning));
        List<String> described = new ArrayList<>(List.of(
                CheckpointSettings.PREFIX,
                RecoverySettings.PREFIX,
                MetricsSettings.PREFIX,
                PREFLIGHT,
                FlinkConfPassThrough.PATH));
        roots.stream().skip(1).forEach(described::add);
        String summary = summary(reader, described, restorePoint);
        LOG.info("{}", summary);
        return new ValidatedSettings<>(
                new StarterSettings(
                        checkpoint,
                        recovery,
                        highAvailability,
                        metrics,
                        preflight,
                        passThrough,
                        restorePoint,
                        reader.warnings(),
                        summary),
                application);
    }

    /**
     * A job that carries state across deployments needs a max parallelism of its own: otherwise Flink
     * derives one from the first deployment's parallelism, its snapshots fix it for good, and the job
     * can never be rescaled beyond it (setting another one later fails the restore).
     */
    private static void maxParallelismIsExplicit(
            ConfigReader reader,
            CheckpointSettings checkpoint,
            RecoverySettings recovery,
            Map<String, String> passThrough,
            ApplicationSection<?> section) {
        boolean explicit = passThrough.containsKey(PipelineOptions.MAX_PARALLELISM.key())
                || (section != null
                        && section.settings().stream()
                                .anyMatch(row -> row.options().contains(PipelineOptions.MAX_PARALLELISM)));
        if (explicit || !reader.valid(RecoverySettings.RESTORE_FROM, CheckpointSettings.RETENTION)) {
            return;
        }
        boolean restores = recovery.restore().from() != RestoreFrom.NONE;
        boolean retains = checkpoint.enabled()
                && checkpoint.retention() != Retention.NONE
                && checkpoint.storage().dir().isPresent();
        if (restores || retains) {
            reader.warn(
                    restores ? RecoverySettings.RESTORE_FROM : CheckpointSettings.RETENTION,
                    "keeps state across deployments, but no max parallelism is set: Flink derives one from the"
                            + " first deployment's parallelism (at least 128) and its snapshots fix it for good, so the"
                            + " job can never be rescaled beyond it. Set it: " + FlinkConfPassThrough.PATH + " { \""
                            + PipelineOptions.MAX_PARALLELISM.key() + "\" = 128 } (or the job's own key)");
        }
    }

    /**
     * Local and MiniCluster executions never initialize Flink's file systems from the job's
     * configuration, so S3 settings given in HOCON would be ignored (and requests would go to AWS).
     * Initializing here also lets the restore lookup below reach S3. Only done when this starter
     * carries S3 settings, since it is JVM-wide.
     */
    private static void initializeFileSystems(CheckpointSettings checkpoint, Map<String, String> passThrough) {
        if (!checkpoint.s3().isConfigured()) {
            return;
        }
        Configuration configuration = Configuration.fromMap(passThrough);
        configuration.addAll(checkpoint.toConfiguration());
        FileSystem.initialize(configuration, PluginUtils.createPluginManagerFromRootFolder(configuration));
    }

    /** Every value in effect with its origin, the restore point and the warnings; nothing that may be a credential. */
    private static String summary(ConfigReader reader, List<String> paths, Optional<RestorePoint> restorePoint) {
        StringBuilder summary = new StringBuilder("Flink Starters effective settings:");
        for (String line : reader.describeAll(paths.toArray(String[]::new))) {
            summary.append(System.lineSeparator()).append("  ").append(line);
        }
        summary.append(System.lineSeparator())
                .append("  restore point: ")
                .append(restorePoint
                        .map(point -> point.kind().name().toLowerCase(Locale.ROOT) + " " + reader.mask(point.path()))
                        .orElse("none (empty state)"));
        for (Problem warning : reader.warnings()) {
            summary.append(System.lineSeparator()).append("  warning: ").append(warning);
        }
        return summary.toString();
    }
}
