package io.flinkstarters.cli.internal;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.DurationFormat;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Renders the alert thresholds that follow from a job's settings as Prometheus recording rules, to load
 * next to {@code docs/monitoring/alerts.yml}: its alerts take a job's rendered threshold where there is
 * one and the starters' defaults otherwise.
 */
@Internal
public final class AlertRules {

    /** The recording rule NoCompletedCheckpoint compares the age of the latest checkpoint with. */
    public static final String WINDOW_RULE = "job_name:flink_checkpoint_window_seconds:configured";

    private AlertRules() {}

    /**
     * How long a job may go without a completed checkpoint before something is wrong:
     * {@code max(interval, timeout) x (tolerable-failures + 2)}, as the Flink Kubernetes operator
     * computes it (a checkpoint may take up to the timeout, and that many may fail in a row before the
     * job fails over).
     */
    public static Duration checkpointWindow(CheckpointSettings checkpoint) {
        Duration longest = checkpoint.interval().compareTo(checkpoint.timeout()) >= 0
                ? checkpoint.interval()
                : checkpoint.timeout();
        return longest.multipliedBy(checkpoint.tolerableFailures() + 2L);
    }

    /** The rules file for these jobs, all configured by {@code source}. */
    public static String render(List<String> jobNames, CheckpointSettings checkpoint, String source) {
        Duration window = checkpointWindow(checkpoint);
        StringBuilder yaml = new StringBuilder()
                .append("# Rendered by `flink-starters alerts` from ")
                .append(source)
                .append(": the thresholds of docs/monitoring/alerts.yml that follow from a job's settings.\n")
                .append("# Load it next to alerts.yml; jobs without rendered rules get the starters' defaults.\n")
                .append("groups:\n")
                .append("  - name: flink-starters-settings\n")
                .append("    rules:\n");
        for (String job : jobNames) {
            yaml.append("      # ")
                    .append(job)
                    .append(": max(interval ")
                    .append(DurationFormat.of(checkpoint.interval()))
                    .append(", timeout ")
                    .append(DurationFormat.of(checkpoint.timeout()))
                    .append(") x (tolerable-failures ")
                    .append(checkpoint.tolerableFailures())
                    .append(" + 2) = ")
                    .append(DurationFormat.of(window))
                    .append(" without a completed checkpoint\n")
                    .append("      - record: ")
                    .append(WINDOW_RULE)
                    .append('\n')
                    .append("        expr: vector(")
                    .append(window.toSeconds())
                    .append(")\n")
                    .append("        labels:\n")
                    .append("          job_name: \"")
                    .append(job.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        return yaml.toString();
    }
}
