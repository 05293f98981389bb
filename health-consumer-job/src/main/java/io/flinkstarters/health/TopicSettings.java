package io.flinkstarters.health;

/** The validated {@code health.topics} settings: where the job reads and writes. */
public record TopicSettings(String events, String aggregates, String deadLetters) {}
