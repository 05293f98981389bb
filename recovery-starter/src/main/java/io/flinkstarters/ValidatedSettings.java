package io.flinkstarters;

import org.apache.flink.annotation.PublicEvolving;

/** The starters' settings and an application's own, validated together. */
@PublicEvolving
public record ValidatedSettings<T>(StarterSettings starters, T application) {}
