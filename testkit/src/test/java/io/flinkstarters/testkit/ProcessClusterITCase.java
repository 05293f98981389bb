package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.config.ConfigLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The process cluster itself, without a job: real JobManager and TaskManager JVMs start from the
 * Maven-resolved Flink jars with the starters' cluster configuration, a TaskManager killed with
 * SIGKILL is really dead and is noticed through heartbeats alone, and a replacement registers.
 * (Jobs on it: the health job's ITCases in health-consumer-job.)
 */
class ProcessClusterITCase {

    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ProcessCluster.builder()
                .name("process-cluster-itcase")
                .taskManagers(2)
                .slotsPerTaskManager(1)
                .configuration(FlinkStarters.settings(ConfigLoader.load(
                                ConfigFactory.parseString(
                                        "flink.checkpoint.storage.dir = \"file:///tmp/unused\"\nflink.starters.preflight.enabled = false"),
                                Map.of()))
                        .clusterConfiguration())
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void startsFromTheStartersClusterConfigurationAndLogsToItsDirectory() throws Exception {
        assertThat(cluster.registeredTaskManagers()).isEqualTo(2);
        String config = Files.readString(cluster.directory().resolve("conf/config.yaml"));
        assertThat(config)
                .as("the starters' heartbeat defaults reach the cluster")
                .contains("heartbeat.interval: '500 ms'")
                .contains("heartbeat.timeout: '15 s'");
        assertThat(cluster.rest("/jobmanager/config")).contains("heartbeat.interval");
        assertThat(cluster.directory().resolve("jobmanager.log")).isNotEmptyFile();
        assertThat(cluster.directory().resolve("taskmanager-0.log")).isNotEmptyFile();
    }

    @Test
    void aKilledTaskManagerIsReallyDeadIsNoticedAndCanBeReplaced() {
        int victim = cluster.liveTaskManagers().get(0);
        Loss loss = cluster.loseTaskManager(victim);
        long killed = System.nanoTime();

        assertThat(loss.exitStatus())
                .as("exit status of a process killed by SIGKILL")
                .hasValue(137);
        assertThat(loss.killedBySigkill()).isTrue();
        assertThat(cluster.liveTaskManagers()).doesNotContain(victim);
        Await.until(
                "the killed TaskManager to be unregistered",
                () -> cluster.registeredTaskManagers() == 1,
                cluster.timeout());
        Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(noticed)
                .as("noticed through heartbeats (interval 500 ms), well before the 15 s timeout")
                .isLessThan(Duration.ofSeconds(10));

        int replacement = cluster.startTaskManager();
        cluster.awaitTaskManagers(2);
        assertThat(cluster.liveTaskManagers()).contains(replacement);
    }

    @Test
    void aKilledJobManagerIsReplacedOnTheSamePortsAndTheTaskManagersRegisterWithIt() {
        long before = cluster.jobManagerPid();

        Loss loss = cluster.loseJobManager();
        assertThat(loss.killedBySigkill()).as(loss.toString()).isTrue();
        cluster.startJobManager();

        assertThat(cluster.jobManagerPid()).isNotEqualTo(before);
        assertThat(cluster.registeredTaskManagers())
                .isEqualTo(cluster.liveTaskManagers().size());
        assertThat(cluster.highAvailability()).isFalse();
        assertThat(cluster.directory().resolve("jobmanager-1.log")).isNotEmptyFile();
    }
}
