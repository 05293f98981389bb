package io.flinkstarters.health;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The stable {@code uid} of every operator of the job. Savepoints and retained checkpoints map state to
 * operators by these ids: renaming one orphans its state (offsets, seen event ids, open windows, open
 * transactions), so they never change, whatever the code around them does.
 */
@PublicEvolving
public final class OperatorIds {

    /** Kafka source: offsets of the events topic. */
    public static final String EVENTS_SOURCE = "health-events-source";

    public static final String DECODE = "decode";
    public static final String VALIDATE = "validate";
    public static final String EVENT_TIME = "event-time";
    /** Keyed state: event ids seen within the TTL. */
    public static final String DEDUPLICATE = "deduplicate";
    /** Keyed state: open windows. */
    public static final String WINDOW_AGGREGATE = "window-aggregate";

    public static final String LATE_EVENTS = "late-events";
    /** Stateless: counts dead letters by reason before their sink (added later than the others). */
    public static final String COUNT_DEAD_LETTERS = "count-dead-letters";
    /** Kafka sink: open transactions of the aggregates topic. */
    public static final String AGGREGATES_SINK = "health-aggregates-sink";
    /** Kafka sink: open transactions of the dead-letter topic. */
    public static final String DEAD_LETTERS_SINK = "health-dead-letters-sink";

    private OperatorIds() {}
}
