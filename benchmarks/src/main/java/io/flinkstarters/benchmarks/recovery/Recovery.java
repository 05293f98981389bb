package io.flinkstarters.benchmarks.recovery;

/**
 * One recovery, as instants in milliseconds (System.currentTimeMillis, the clock the JobManager stamps
 * failures with in this JVM): the fault, its detection (the failure's time in the JobManager's exception
 * history), all tasks running again (the latest RUNNING time of the new task attempts), and caught up
 * (every source subtask reading records produced less than the threshold before); and the largest lag
 * seen while catching up (how far behind the restarted job started).
 */
public record Recovery(long fault, long detected, long running, long caughtUp, long maxLagMillis) {

    public long detectionMillis() {
        return detected - fault;
    }

    public long restartMillis() {
        return running - detected;
    }

    public long catchUpMillis() {
        return caughtUp - running;
    }

    public long totalMillis() {
        return caughtUp - fault;
    }
}
