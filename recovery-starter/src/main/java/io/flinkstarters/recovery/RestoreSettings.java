package io.flinkstarters.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a job restores from when it is submitted.
 *
 * @param path the checkpoint or savepoint for {@link RestoreFrom#PATH}
 * @param allowNonRestoredState start even if some state in the snapshot has no operator to go to
 *     (an operator was removed); otherwise Flink refuses, protecting against a changed uid
 * @param requireState with {@link RestoreFrom#LATEST_RETAINED}, fail before the job starts when no
 *     snapshot is found instead of starting from empty state
 * @param maxAge with {@link RestoreFrom#LATEST_RETAINED}, the oldest snapshot it restores without
 *     {@code maxAgeAction}; empty for no limit
 */
@PublicEvolving
public record RestoreSettings(
        RestoreFrom from,
        Optional<String> path,
        boolean allowNonRestoredState,
        ClaimMode claimMode,
        boolean requireState,
        Optional<Duration> maxAge,
        MaxAgeAction maxAgeAction) {

    /**
     * The age at {@code now} (whole seconds) of a snapshot completed at {@code completedAt}, if that is older
     * than {@link #maxAge()}: the one rule for "too old", for the job's restore and the operator's listing.
     */
    public Optional<Duration> pastMaxAge(Instant completedAt, Instant now) {
        Duration age = Duration.between(completedAt, now);
        return maxAge.filter(limit -> age.compareTo(limit) > 0).map(limit -> Duration.ofSeconds(age.getSeconds()));
    }
}
