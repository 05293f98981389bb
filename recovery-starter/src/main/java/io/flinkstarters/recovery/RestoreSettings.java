package io.flinkstarters.recovery;

import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a job restores from when it is submitted.
 *
 * @param path the checkpoint or savepoint for {@link RestoreFrom#PATH}
 * @param allowNonRestoredState start even if some state in the snapshot has no operator to go to
 *     (an operator was removed); otherwise Flink refuses, protecting against a changed uid
 */
@PublicEvolving
public record RestoreSettings(
        RestoreFrom from, Optional<String> path, boolean allowNonRestoredState, ClaimMode claimMode) {}
