package io.flinkstarters;

/** The starters' settings and an application's own, validated together. */
public record ValidatedSettings<T>(StarterSettings starters, T application) {}
