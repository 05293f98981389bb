package io.flinkstarters.benchmarks.harness;

/**
 * A pre-filled events topic and what the job must make of it.
 *
 * @param records everything in the topic (measurements, retries, bad records, closing measurements)
 * @param expectedAggregates aggregates the job commits once it has read everything
 * @param expectedDeadLetters dead letters it commits
 * @param undecodable records that are not a {@code HealthEvent} at all (a share of the dead letters)
 * @param closingEventTime event time of the last (closing) measurements; live input appended later must not be older
 */
public record FilledTopic(
        String name,
        long records,
        long expectedAggregates,
        long expectedDeadLetters,
        long undecodable,
        long duplicates,
        long closingEventTime) {}
