package io.flinkstarters.testkit;

import java.util.List;
import java.util.Random;
import org.apache.flink.annotation.PublicEvolving;

/**
 * When a fault strikes, drawn from a seed so that a failing run replays: how much of the second phase's
 * input is produced before it (so records are in flight), where in the checkpoint cycle it falls (a
 * fraction of the interval after a checkpoint completed), and which TaskManager it hits.
 */
@PublicEvolving
public final class ContractTiming {

    private final long seed;
    private final double inputBeforeStrike;
    private final double pointInCycle;
    private final double victim;
    private final double recordsBeforeFailure;

    private ContractTiming(long seed) {
        Random random = new Random(seed);
        this.seed = seed;
        this.inputBeforeStrike = random.nextDouble();
        this.pointInCycle = random.nextDouble();
        this.victim = random.nextDouble();
        this.recordsBeforeFailure = random.nextDouble();
    }

    public static ContractTiming of(long seed) {
        return new ContractTiming(seed);
    }

    public long seed() {
        return seed;
    }

    /** How many of a phase's {@code records} to produce before the strike, in {@code [0, records)}. */
    public int recordsBeforeStrike(int records) {
        return (int) (inputBeforeStrike * records);
    }

    /** The fraction of the checkpoint interval, in {@code [0, 1)}, to wait after a completed checkpoint before striking. */
    public double pointInCheckpointCycle() {
        return pointInCycle;
    }

    /** The TaskManager to strike among the live ones. */
    public int taskManager(List<Integer> live) {
        return live.get((int) (victim * live.size()));
    }

    /** For an operator exception: how many records a subtask passes after the checkpoint before it throws, in {@code [1, max]}. */
    public long recordsBeforeFailure(long max) {
        return 1 + (long) (recordsBeforeFailure * Math.max(0, max - 1));
    }

    @Override
    public String toString() {
        return "seed " + seed;
    }
}
