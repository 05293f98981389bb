package io.flinkstarters.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigUtil;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.config.internal.HoconNames;
import io.flinkstarters.recovery.RecoverySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit the settings tables declare for a Flink option, proved against Flink itself (its own
 * validation, see {@link FlinkAcceptance}): the edge value is accepted by the starters and by Flink;
 * the value just past it is rejected by the starters at load, and refused (or silently changed) by
 * Flink when given to it directly.
 */
class FlinkLimitsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> limits() {
        List<Arguments> limits = new ArrayList<>();
        for (Setting<?> row : FlinkStarters.settingsTable().rows()) {
            if (row.options().isEmpty()) {
                continue;
            }
            row.type().flinkLimits().accepted().forEach(value -> limits.add(Arguments.of(row, value, true)));
            row.type().flinkLimits().refused().forEach(value -> limits.add(Arguments.of(row, value, false)));
        }
        return limits.stream();
    }

    /** The lines that make the row apply (its restart strategy, say). */
    private String context(Setting<?> row) {
        StringBuilder context = new StringBuilder("flink.checkpoint.storage.dir = \""
                + dir.resolve("checkpoints").toUri() + "\"\n" + "flink.starters.preflight.enabled = false\n");
        for (Setting.Condition<?> condition : row.conditions()) {
            Object value = condition.values().iterator().next();
            context.append(condition.other().key())
                    .append(" = ")
                    .append(value instanceof Enum<?> constant ? HoconNames.of(constant) : value)
                    .append('\n');
        }
        return context.toString();
    }

    private StarterSettings settings(String hocon) {
        return FlinkStarters.settings(TestConfigs.load(dir, hocon));
    }

    @ParameterizedTest(name = "{0} = {1}: accepted {2}")
    @MethodSource("limits")
    void everyLimitIsFlinksOwn(Setting<?> row, String value, boolean accepted) {
        String line = row.key() + " = " + ConfigUtil.quoteString(value) + "\n";
        if (accepted) {
            StarterSettings settings = settings(context(row) + line);
            assertThatCode(() -> FlinkAcceptance.check(settings)).doesNotThrowAnyException();
            return;
        }
        InvalidConfigurationException rejected =
                catchThrowableOfType(InvalidConfigurationException.class, () -> settings(context(row) + line));
        assertThat(rejected).as("rejected at load").isNotNull();
        assertThat(rejected.problems())
                .anySatisfy(problem -> assertThat(problem.key()).isEqualTo(row.key()));

        StarterSettings valid = settings(context(row));
        Configuration job = valid.toConfiguration();
        Configuration cluster = new Configuration(job);
        cluster.addAll(valid.clusterConfiguration());
        String flinkKey = row.options().get(0).key();
        job.setString(flinkKey, value);
        cluster.setString(flinkKey, value);
        assertThatThrownBy(() -> FlinkAcceptance.check(job, cluster))
                .as("Flink refuses " + flinkKey + " = " + value)
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void theOracleItselfAcceptsTheDefaults() {
        StarterSettings defaults = settings(context(RecoverySettings.RESTART_TYPE));

        assertThatCode(() -> FlinkAcceptance.check(defaults)).doesNotThrowAnyException();
        assertThat(limits()).hasSizeGreaterThan(30);
    }
}
