package io.flinkstarters.recovery;

import org.apache.flink.annotation.PublicEvolving;

/** What {@code latest-retained} does with a snapshot older than {@code flink.recovery.restore.max-age}. */
@PublicEvolving
public enum MaxAgeAction {
    /** Fail before the job starts, naming the snapshot's time and the limit. */
    REFUSE,
    /** Restore it anyway and report it as a warning. */
    WARN
}
