package io.flinkstarters.health;

import org.apache.flink.annotation.PublicEvolving;

/** The validated {@code health.topics} settings: where the job reads and writes. */
@PublicEvolving
public record TopicSettings(String events, String aggregates, String deadLetters) {}
