package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Checkpoint file merging (Flink 2.x, experimental): many small state files of a checkpoint are
 * written into fewer physical files. Fewer files and requests on the storage, at the price of space:
 * a physical file is deleted only once no retained checkpoint uses any part of it.
 *
 * @param acrossCheckpoints let files of several checkpoints share one physical file (fewer files still,
 *     more space held by old checkpoints' leftovers)
 * @param maxSpaceAmplification the ratio of space used to live data above which Flink rewrites files to
 *     reclaim space
 */
@PublicEvolving
public record FileMergingSettings(boolean enabled, boolean acrossCheckpoints, double maxSpaceAmplification) {}
