package io.flinkstarters.cli.internal;

import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.recovery.MaxAgeAction;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RestoreSettings;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.recovery.SnapshotMetadata;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

/**
 * The checkpoints and savepoints in storage, each with its {@code _metadata} read and its status:
 * the one {@code latest-retained} picks (the same {@link RetainedCheckpoints#latest} the job uses), whether
 * the job would refuse or warn about it (wrong state backend, older than {@code restore.max-age}), and why
 * every other one is not picked.
 */
@Internal
public final class SnapshotListing {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** One snapshot directory as listed. */
    public record Entry(
            RetainedCheckpoints.Snapshot snapshot, Optional<SnapshotMetadata> metadata, boolean picked, String status) {

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("path", snapshot.path());
            json.put("kind", snapshot.kind().name().toLowerCase(Locale.ROOT));
            json.put("id", metadata.map(SnapshotMetadata::checkpointId));
            json.put("jobId", jobId(snapshot.path()));
            json.put(
                    "completed",
                    snapshot.completed().map(point -> point.completedAt().toString()));
            json.put("sizeBytes", metadata.map(SnapshotMetadata::stateSize));
            json.put("format", metadata.map(m -> format(m.format())));
            json.put("unaligned", metadata.map(SnapshotMetadata::unaligned));
            json.put(
                    "operators",
                    metadata.map(m -> m.operators().stream()
                                    .map(operator -> {
                                        Map<String, Object> o = new LinkedHashMap<>();
                                        o.put("uid", operator.uid());
                                        o.put("id", operator.operatorId());
                                        o.put("name", operator.name());
                                        o.put("parallelism", operator.parallelism());
                                        o.put("maxParallelism", operator.maxParallelism());
                                        o.put("sizeBytes", operator.stateSize());
                                        return o;
                                    })
                                    .toList())
                            .orElse(List.of()));
            json.put("picked", picked);
            json.put("status", status);
            return json;
        }

        public String[] cells() {
            return new String[] {
                snapshot.kind().name().toLowerCase(Locale.ROOT),
                metadata.map(m -> String.valueOf(m.checkpointId())).orElse("-"),
                jobId(snapshot.path()).orElse("-"),
                snapshot.completed()
                        .map(point -> TIME.format(point.completedAt()))
                        .orElse("-"),
                metadata.map(m -> bytes(m.stateSize())).orElse("-"),
                metadata.map(m -> format(m.format())).orElse("-"),
                metadata.map(m -> String.valueOf(m.operators().size())).orElse("-"),
                (picked ? "* " : "") + status,
                snapshot.path()
            };
        }
    }

    public static final String[] HEADER = {
        "KIND", "ID", "JOB ID", "COMPLETED", "SIZE", "FORMAT", "OPERATORS", "STATUS", "PATH"
    };

    private SnapshotListing() {}

    /**
     * Lists both directories (each optional), newest first.
     *
     * @param jobUsesRocksDb the state backend of the job that would restore
     * @param restore the job's restore settings ({@code max-age} and its action)
     * @param now what a snapshot's age is measured against
     * @throws UncheckedIOException when a directory cannot be listed
     */
    public static List<Entry> list(
            Optional<String> checkpointDir,
            Optional<String> savepointDir,
            boolean jobUsesRocksDb,
            RestoreSettings restore,
            Instant now) {
        List<RetainedCheckpoints.Snapshot> snapshots = RetainedCheckpoints.snapshots(checkpointDir, savepointDir);
        Optional<RestorePoint> pick = RetainedCheckpoints.latest(checkpointDir, savepointDir);
        List<Entry> entries = new ArrayList<>();
        for (RetainedCheckpoints.Snapshot snapshot : snapshots) {
            boolean picked =
                    pick.map(point -> point.path().equals(snapshot.path())).orElse(false);
            if (snapshot.completed().isEmpty()) {
                entries.add(new Entry(snapshot, Optional.empty(), false, "skipped: incomplete (no _metadata)"));
                continue;
            }
            SnapshotMetadata metadata;
            try {
                metadata = RetainedCheckpoints.metadata(snapshot.completed().get());
            } catch (Exception e) {
                String reason = "unreadable _metadata (" + firstLine(e) + ")";
                entries.add(new Entry(
                        snapshot,
                        Optional.empty(),
                        picked,
                        picked
                                ? "latest-retained picks this and the restore is refused: " + reason
                                : "skipped: " + reason));
                continue;
            }
            Optional<String> backend = metadata.backendProblem(jobUsesRocksDb)
                    .map(problem -> "wrong state backend (" + format(metadata.format()) + " for a "
                            + (jobUsesRocksDb ? "rocksdb" : "hashmap") + " job)");
            Optional<String> doubt = metadata.backendDoubt(jobUsesRocksDb)
                    .map(reason -> "written by hashmap or RocksDB without incremental checkpoints: from hashmap it"
                            + " does not restore into this rocksdb job");
            Optional<String> tooOld = tooOld(snapshot.completed().get(), restore, now);
            Optional<String> refused =
                    backend.or(() -> tooOld.filter(reason -> restore.maxAgeAction() == MaxAgeAction.REFUSE));
            List<String> warnings = new ArrayList<>();
            doubt.ifPresent(warnings::add);
            tooOld.filter(reason -> restore.maxAgeAction() == MaxAgeAction.WARN).ifPresent(warnings::add);
            String status;
            if (picked) {
                status = refused.map(problem -> "latest-retained picks this and the restore is refused: " + problem)
                        .orElse("latest-retained picks this (newest)"
                                + warnings.stream().map(w -> "; warning: " + w).reduce("", String::concat));
            } else {
                status = "older"
                        + backend.or(() -> tooOld)
                                .map(problem -> "; " + problem)
                                .orElse("");
            }
            entries.add(new Entry(snapshot, Optional.of(metadata), picked, status));
        }
        entries.sort((a, b) -> completedAt(b).compareTo(completedAt(a)));
        return entries;
    }

    /** Why a snapshot is older than {@code restore.max-age}, if it is (the job's own rule, RestorePointResolver). */
    private static Optional<String> tooOld(RestorePoint point, RestoreSettings restore, Instant now) {
        return restore.pastMaxAge(point.completedAt(), now)
                .map(age -> "older than " + RecoverySettings.MAX_AGE + " = "
                        + DurationFormat.of(restore.maxAge().orElseThrow()) + " (completed " + DurationFormat.of(age)
                        + " ago; " + RecoverySettings.MAX_AGE_ACTION + " = "
                        + restore.maxAgeAction().name().toLowerCase(Locale.ROOT) + ")");
    }

    private static Instant completedAt(Entry entry) {
        return entry.snapshot().completed().map(RestorePoint::completedAt).orElse(Instant.MAX);
    }

    static Optional<String> jobId(String path) {
        Path parent = new Path(path).getParent();
        return parent != null && JOB_ID.matcher(parent.getName()).matches()
                ? Optional.of(parent.getName())
                : Optional.empty();
    }

    static String format(SnapshotMetadata.StateFormat format) {
        return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
