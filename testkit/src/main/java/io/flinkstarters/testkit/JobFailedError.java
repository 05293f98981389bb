package io.flinkstarters.testkit;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;

/**
 * A job failed for good (its restart strategy gave up, or a failure was not recoverable) while a test
 * waited for it to make progress. Thrown by the {@link FlinkCluster} waits the moment they see it, so a
 * test fails at once with the reason instead of timing out.
 */
@PublicEvolving
public final class JobFailedError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final JobID job;
    private final long failures;
    private final String failure;

    /** @param failures the entries of the job's exception history: each restart's cause, and the final failure */
    public JobFailedError(JobID job, long failures, String failure) {
        super("Job " + job + " FAILED for good after " + failures + " failure(s); the last: " + failure);
        this.job = job;
        this.failures = failures;
        this.failure = failure;
    }

    public JobID job() {
        return job;
    }

    /** How many failures the job had, the final one included (it restarted after all the others). */
    public long failures() {
        return failures;
    }

    /** The newest failure in the job's exception history ({@code exception: message}). */
    public String failure() {
        return failure;
    }
}
