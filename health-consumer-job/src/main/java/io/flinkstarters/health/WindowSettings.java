package io.flinkstarters.health;

import java.io.Serializable;
import java.time.Duration;

/**
 * The validated {@code health.window} settings: event-time windows and the watermark that closes them.
 *
 * @param idleness zero means no idleness detection
 */
public record WindowSettings(Duration size, Duration allowedLateness, Duration outOfOrderness, Duration idleness)
        implements Serializable {}
