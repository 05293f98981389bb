package io.flinkstarters.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.flinkstarters.ApplicationSection;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.cli.internal.AlertRules;
import io.flinkstarters.cli.internal.Arguments;
import io.flinkstarters.cli.internal.Json;
import io.flinkstarters.cli.internal.SnapshotListing;
import io.flinkstarters.cli.internal.Table;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Problem;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestoreFrom;
import io.flinkstarters.recovery.RestorePoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Experimental;

/**
 * The operator's command line ({@code bin/flink-starters}, docs/OPERATIONS.md):
 *
 * <ul>
 *   <li>{@code check [--config FILE] [--env-file FILE] [--section CLASS#FIELD] [--json]}: validates as the
 *       job would and prints every problem, or the effective settings (secrets masked);
 *   <li>{@code checkpoints DIR [--config FILE] [--env-file FILE] [--json]}: the checkpoints and savepoints
 *       under a directory ({@code file://} or {@code s3://}, reached with the configuration's S3 settings),
 *       and which one {@code latest-retained} picks and why the others are not picked;
 *   <li>{@code restore-plan [--config FILE] [--env-file FILE] [--json]}: what the next deployment would
 *       restore from, with the starters' restore checks;
 *   <li>{@code alerts --job-name NAME[,NAME...] [--config FILE]}: the alert thresholds that follow from the
 *       settings, as Prometheus recording rules to load next to {@code docs/monitoring/alerts.yml}.
 * </ul>
 *
 * Exit codes: {@value #VALID} valid, {@value #INVALID} invalid (problems printed), {@value #COULD_NOT_RUN}
 * could not run (bad arguments, unreadable files or storage).
 */
@Experimental
public final class StartersCli {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int COULD_NOT_RUN = 2;

    private static final String USAGE = String.join(
            System.lineSeparator(),
            "usage: flink-starters check [--config FILE] [--env-file FILE] [--section CLASS#FIELD] [--json]",
            "       flink-starters checkpoints DIR [--config FILE] [--env-file FILE] [--json]",
            "       flink-starters restore-plan [--config FILE] [--env-file FILE] [--json]",
            "       flink-starters alerts --job-name NAME[,NAME...] [--config FILE] [--env-file FILE]");
    private static final Set<String> FLAGS = Set.of("--json");
    private static final Set<String> VALUED = Set.of("--config", "--env-file", "--section", "--job-name");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final boolean json;

    private StartersCli(PrintStream out, PrintStream err, Map<String, String> environment, boolean json) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.json = json;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns its exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, FLAGS, VALUED);
        } catch (IllegalArgumentException e) {
            err.println("flink-starters: " + e.getMessage());
            err.println(USAGE);
            return COULD_NOT_RUN;
        }
        StartersCli cli = new StartersCli(out, err, environment, arguments.flag("--json"));
        try {
            return switch (arguments.command()) {
                case "check" -> cli.check(arguments);
                case "checkpoints" -> cli.checkpoints(arguments);
                case "restore-plan" -> cli.restorePlan(arguments);
                case "alerts" -> cli.alerts(arguments);
                default -> cli.couldNotRun("unknown command " + arguments.command() + System.lineSeparator() + USAGE);
            };
        } catch (CouldNotRun e) {
            return cli.couldNotRun(e.getMessage());
        }
    }

    private int check(Arguments arguments) {
        Config config = load(arguments);
        ApplicationSection<?> section =
                arguments.option("--section").map(StartersCli::section).orElse(null);
        try {
            StarterSettings settings = FlinkStarters.settings(config, section).starters();
            if (json) {
                out.println(Json.of(Map.of(
                        "valid",
                        true,
                        "settings",
                        settings.describe().lines().skip(1).map(String::strip).toList())));
            } else {
                out.println("valid");
                out.println(settings.describe());
            }
            return VALID;
        } catch (InvalidConfigurationException e) {
            return invalid(e);
        }
    }

    private int checkpoints(Arguments arguments) {
        if (arguments.positional().size() != 1) {
            return couldNotRun(
                    "checkpoints needs one directory, e.g. s3://bucket/checkpoints" + System.lineSeparator() + USAGE);
        }
        String dir = arguments.positional().get(0);
        StarterSettings settings;
        try {
            settings = offlineSettings(arguments);
        } catch (InvalidConfigurationException e) {
            return invalid(e);
        }
        progress("listing " + dir);
        List<SnapshotListing.Entry> entries;
        try {
            entries = SnapshotListing.list(
                    Optional.of(dir),
                    Optional.of(dir),
                    settings.checkpoint().stateBackend().isRocksDb(),
                    settings.recovery().restore(),
                    Instant.now());
        } catch (UncheckedIOException e) {
            return couldNotRun("cannot read " + dir + ": " + e.getMessage());
        }
        if (json) {
            out.println(Json.of(Map.of(
                    "directory",
                    dir,
                    "snapshots",
                    entries.stream().map(SnapshotListing.Entry::toJson).toList())));
        } else {
            out.println(entries.size() + (entries.size() == 1 ? " snapshot" : " snapshots") + " under " + dir
                    + " (* = what flink.recovery.restore.from = latest-retained picks)");
            printTable(entries);
        }
        return VALID;
    }

    private int restorePlan(Arguments arguments) {
        Config config = load(arguments);
        StarterSettings settings;
        try {
            settings = FlinkStarters.settings(
                    config.withValue(PreflightSettings.ENABLED.key(), ConfigValueFactory.fromAnyRef(false)));
        } catch (InvalidConfigurationException e) {
            return invalid(e);
        }
        CheckpointSettings checkpoint = settings.checkpoint();
        String from = settings.recovery()
                .restore()
                .from()
                .name()
                .toLowerCase(Locale.ROOT)
                .replace('_', '-');
        Optional<RestorePoint> point = settings.restorePoint();
        String plan = point.map(p -> "restores from the " + p.kind().name().toLowerCase(Locale.ROOT) + " " + p.path()
                        + " (completed " + p.completedAt() + ")")
                .orElse(
                        switch (settings.recovery().restore().from()) {
                            case NONE -> "starts from empty state (flink.recovery.restore.from = none)";
                            case LATEST_RETAINED ->
                                "starts from empty state: nothing is retained yet (a first deployment)";
                            case PATH -> "starts from empty state";
                        });
        List<SnapshotListing.Entry> entries = settings.recovery().restore().from() == RestoreFrom.LATEST_RETAINED
                ? SnapshotListing.list(
                        checkpoint.storage().dir(),
                        checkpoint.storage().savepointDir(),
                        checkpoint.stateBackend().isRocksDb(),
                        settings.recovery().restore(),
                        Instant.now())
                : List.of();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("restoreFrom", from);
            result.put("restorePoint", point.map(RestorePoint::path));
            result.put("plan", plan);
            result.put(
                    "candidates",
                    entries.stream().map(SnapshotListing.Entry::toJson).toList());
            result.put(
                    "warnings",
                    settings.warnings().stream().map(Problem::toString).toList());
            out.println(Json.of(result));
        } else {
            out.println("flink.recovery.restore.from = " + from);
            out.println("the next deployment " + plan);
            settings.warnings().forEach(warning -> out.println("warning: " + warning));
            if (!entries.isEmpty()) {
                out.println("candidates (* = picked):");
                printTable(entries);
            }
        }
        return VALID;
    }

    /**
     * The settings as the job would read them, for commands that only reach the storage (its S3 settings) or read
     * thresholds: no preflight, no restore point resolved.
     */
    private StarterSettings offlineSettings(Arguments arguments) {
        return FlinkStarters.settings(load(arguments)
                .withValue(PreflightSettings.ENABLED.key(), ConfigValueFactory.fromAnyRef(false))
                .withValue(RecoverySettings.RESTORE_FROM.key(), ConfigValueFactory.fromAnyRef("none")));
    }

    private int alerts(Arguments arguments) {
        Optional<String> jobNames = arguments.option("--job-name");
        if (jobNames.isEmpty()) {
            return couldNotRun("alerts needs --job-name, the job's name as Prometheus labels it (job_name)");
        }
        StarterSettings settings;
        try {
            settings = offlineSettings(arguments);
        } catch (InvalidConfigurationException e) {
            return invalid(e);
        }
        out.print(AlertRules.render(
                List.of(jobNames.get().split(",")),
                settings.checkpoint(),
                arguments
                        .option("--config")
                        .map(file -> Path.of(file).getFileName().toString())
                        .orElse("the default configuration")));
        return VALID;
    }

    private void printTable(List<SnapshotListing.Entry> entries) {
        Table table = new Table(SnapshotListing.HEADER);
        entries.forEach(entry -> table.row(entry.cells()));
        out.print(table.render());
    }

    private int invalid(InvalidConfigurationException e) {
        if (json) {
            out.println(Json.of(Map.of(
                    "valid",
                    false,
                    "problems",
                    e.problems().stream().map(Problem::toString).toList())));
        } else {
            out.println(e.getMessage());
        }
        return INVALID;
    }

    private int couldNotRun(String message) {
        if (json) {
            out.println(Json.of(Map.of("error", message)));
        }
        err.println("flink-starters: " + message);
        return COULD_NOT_RUN;
    }

    /** A progress line on a terminal only: scripts read stdout, and --json keeps it clean. */
    private void progress(String message) {
        if (System.console() != null && !json) {
            err.println(message + " ...");
        }
    }

    /** The configuration the job would load: the file (or application.conf), the environment and an env file. */
    private Config load(Arguments arguments) {
        Map<String, String> env = new HashMap<>(environment);
        arguments.option("--env-file").ifPresent(file -> env.putAll(envFile(Path.of(file))));
        Optional<Path> file = arguments.option("--config").map(Path::of);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new CouldNotRun("cannot read the configuration file " + file.get());
        }
        try {
            return file.map(path -> ConfigLoader.load(path, env)).orElseGet(() -> ConfigLoader.load(env));
        } catch (InvalidConfigurationException e) {
            throw new CouldNotRun(e.getMessage());
        }
    }

    /** {@code NAME=value} lines; blank lines and {@code #} comments are skipped. */
    private static Map<String, String> envFile(Path file) {
        Map<String, String> env = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CouldNotRun("cannot read the environment file " + file + ": " + e.getMessage());
        }
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new CouldNotRun(file + ": '" + trimmed + "' is not NAME=value");
            }
            env.put(
                    trimmed.substring(0, equals).strip(),
                    trimmed.substring(equals + 1).strip());
        }
        return env;
    }

    /** {@code io.flinkstarters.health.HealthJobSettings#SECTION}: a static field holding an {@link ApplicationSection}. */
    private static ApplicationSection<?> section(String reference) {
        int hash = reference.indexOf('#');
        if (hash <= 0) {
            throw new CouldNotRun(
                    "--section must be CLASS#FIELD, e.g. io.flinkstarters.health.HealthJobSettings#SECTION");
        }
        try {
            Object value = Class.forName(reference.substring(0, hash))
                    .getField(reference.substring(hash + 1))
                    .get(null);
            if (value instanceof ApplicationSection<?> section) {
                return section;
            }
            throw new CouldNotRun(reference + " is not an ApplicationSection");
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new CouldNotRun("cannot load the section " + reference + ": " + e);
        }
    }

    /** Ends a command with exit code {@value #COULD_NOT_RUN}. */
    private static final class CouldNotRun extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CouldNotRun(String message) {
            super(message);
        }
    }
}
