package io.flinkstarters;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Setting;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * An application's own configuration section (such as {@code health { ... }}), validated together with
 * the starters by {@link FlinkStarters#settings(com.typesafe.config.Config, ApplicationSection)} so one
 * exception lists the problems of both.
 *
 * @param <T> the application's typed settings
 */
@PublicEvolving
public interface ApplicationSection<T> {

    /** The HOCON root the section owns; its unknown keys are reported like the starters'. */
    String root();

    /**
     * Reads the section, recording problems in the reader (rules may look at the checkpoint
     * settings, e.g. to compare a Kafka transaction timeout with the checkpoint interval). The result
     * is used only if the reader has no problems afterwards.
     */
    T read(ConfigReader reader, CheckpointSettings checkpoint);

    /**
     * The application's checks against the outside world (its brokers, topics, ...), run after the
     * starters' own (the storage probe) when {@code flink.starters.preflight.enabled} and only once
     * every setting is valid. Problems recorded in the reader are reported together with the
     * starters'. None by default.
     */
    default void preflight(ConfigReader reader, T settings, PreflightSettings preflight) {}

    /**
     * The section's keys as settings-table rows. Flink options they {@link Setting#controls control}
     * (a parallelism the job sets on its environment, say) are rejected in {@code flink.conf}, where
     * they would silently lose. None by default.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }
}
