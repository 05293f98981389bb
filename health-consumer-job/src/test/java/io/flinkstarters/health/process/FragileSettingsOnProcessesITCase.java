package io.flinkstarters.health.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import io.flinkstarters.health.HealthConsumerContractITCase;
import io.flinkstarters.testkit.ContractCluster;
import io.flinkstarters.testkit.ExactlyOnceContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The negative control of the contract's settings check on real processes: the health job with
 * {@code fixed-delay { attempts = 1 }} and Flink's own heartbeats (10 s / 50 s) cannot survive a
 * TaskManager killed with SIGKILL (until heartbeats notice it, the restart is redeployed onto the dead
 * TaskManager and fails too), and the contract's TaskManager group, run here in this JVM with JUnit's
 * launcher, fails saying so. (With the starters' heartbeats, 500 ms, one attempt was enough here.)
 */
class FragileSettingsOnProcessesITCase {

    @Test
    void oneRestartAttemptCannotSurviveAKilledTaskManagerAndTheContractSaysSo() {
        Class<?> group = List.of(ExactlyOnceContract.class.getDeclaredClasses()).stream()
                .filter(type -> type.getSimpleName().equals("TaskManagerLoss"))
                .findFirst()
                .orElseThrow();
        List<Throwable> failures = new ArrayList<>();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectNestedClass(List.of(OneRestartAttempt.class), group))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                                result.getThrowable().ifPresent(failures::add);
                            }
                        });

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0))
                .hasMessageContaining("a TaskManager is lost")
                .hasMessageContaining("the job failed for good instead of recovering, so its settings cannot survive")
                .hasMessageContaining("Restart strategy: type = fixed-delay, attempts = 1");
    }

    /** The health job on processes with one restart attempt and Flink's heartbeats (run only by the test above). */
    @ContractCluster(ContractCluster.Kind.PROCESSES)
    static class OneRestartAttempt extends HealthConsumerContractITCase {
        @Override
        public String settingsOverrides() {
            return """
                    flink.recovery.restart-strategy { type = fixed-delay, fixed-delay { attempts = 1, delay = 0ms } }
                    flink.recovery.heartbeat { interval = 10s, timeout = 50s }
                    """;
        }
    }
}
