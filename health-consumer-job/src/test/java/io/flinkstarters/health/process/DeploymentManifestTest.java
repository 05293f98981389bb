package io.flinkstarters.health.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.ValidatedSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.HealthJobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The deployment artifacts under {@code deploy/} cannot run here (no Docker engine, no Kubernetes),
 * so what can drift is checked: the ConfigMap holds the same HOCON as the documented example, the
 * job starts from it with the pod's environment, the FlinkDeployment's cluster configuration is the
 * starters' {@code clusterConfiguration()} for it, and the jar, config path and Flink version agree
 * with the Dockerfile and this build.
 */
class DeploymentManifestTest {

    private static final Path DEPLOY = Path.of("..", "deploy");

    private static Map<String, Object> configMap;
    private static Map<String, Object> flinkDeployment;
    private static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheArtifacts() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build())
                .loadAllFromString(Files.readString(DEPLOY.resolve("kubernetes/health-consumer.yaml")))
                .forEach(document -> documents.add((Map<String, Object>) document));
        configMap = documents.stream()
                .filter(document -> "ConfigMap".equals(document.get("kind")))
                .findFirst()
                .orElseThrow();
        flinkDeployment = documents.stream()
                .filter(document -> "FlinkDeployment".equals(document.get("kind")))
                .findFirst()
                .orElseThrow();
        dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    }

    @Test
    void theConfigMapHoldsTheDocumentedApplicationConf() throws Exception {
        Path example = Path.of(Objects.requireNonNull(getClass().getResource("/examples/health-consumer.conf"))
                .toURI());
        assertThat(applicationConf()).isEqualTo(Files.readString(example));
    }

    @Test
    void theClusterConfigurationIsTheStartersClusterConfigurationForThatHocon() {
        Map<String, String> expected = starterSettings().clusterConfiguration().toMap();
        Map<String, Object> flinkConfiguration = map(spec(), "flinkConfiguration");

        assertThat(expected)
                .as("cluster-level options of the starters")
                .containsKeys("heartbeat.interval", "heartbeat.timeout");
        expected.forEach((key, value) ->
                assertThat(String.valueOf(flinkConfiguration.get(key))).as(key).isEqualTo(value));
        StarterSettings settings = starterSettings();
        assertThat(flinkConfiguration.get("execution.checkpointing.dir"))
                .isEqualTo(settings.checkpoint().storage().dir().orElseThrow());
        assertThat(flinkConfiguration.get("execution.checkpointing.savepoint-dir"))
                .isEqualTo(settings.checkpoint().storage().savepointDir().orElseThrow());
    }

    @Test
    void theOperatorOwnsRestoresSoTheStartersDoNotOverrideIt() {
        assertThat(podEnvironment()).containsEntry("FLINK_RESTORE_FROM", "none");
        assertThat(starterSettings().restorePoint()).isEmpty();
        assertThat(map(spec(), "job")).containsEntry("upgradeMode", "savepoint");
    }

    @Test
    void jarConfigPathAndFlinkVersionAgreeWithTheDockerfileAndThisBuild() {
        String flinkVersion = EnvironmentInformation.getVersion();
        Map<String, Object> job = map(spec(), "job");

        assertThat(dockerfile)
                .contains("FROM flink:" + flinkVersion + "-java17")
                .contains(
                        "/opt/flink/opt/flink-s3-fs-hadoop-" + flinkVersion + ".jar /opt/flink/plugins/s3-fs-hadoop/");
        assertThat(spec().get("flinkVersion"))
                .isEqualTo("v"
                        + flinkVersion
                                .substring(0, flinkVersion.lastIndexOf('.'))
                                .replace('.', '_'));
        String jar = String.valueOf(job.get("jarURI")).replaceFirst("^local://", "");
        assertThat(dockerfile).contains("-shaded.jar " + jar);
        assertThat(job.get("args")).isEqualTo(List.of("--config", "/etc/health-consumer/application.conf"));
        assertThat(String.valueOf(job.get("parallelism")))
                .isEqualTo(String.valueOf(healthSettings().parallelism().orElseThrow()));
    }

    private static StarterSettings starterSettings() {
        return validated().starters();
    }

    private static HealthJobSettings healthSettings() {
        return validated().application();
    }

    /** As the job validates it in the pod, minus the preflight (no S3 store or Kafka brokers here). */
    private static ValidatedSettings<HealthJobSettings> validated() {
        Map<String, String> environment = new HashMap<>(podEnvironment());
        environment.put("FLINK_PREFLIGHT_ENABLED", "false");
        return FlinkStarters.settings(
                ConfigLoader.load(ConfigFactory.parseString(applicationConf()), environment),
                HealthJobSettings.SECTION);
    }

    /** The container's environment; values from Secrets stand in as placeholders. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> podEnvironment() {
        Map<String, Object> container = ((List<Map<String, Object>>)
                        map(map(spec(), "podTemplate"), "spec").get("containers"))
                .get(0);
        Map<String, String> environment = new HashMap<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
            environment.put(
                    (String) variable.get("name"),
                    variable.containsKey("value") ? (String) variable.get("value") : "from-a-secret");
        }
        return environment;
    }

    private static String applicationConf() {
        return String.valueOf(map(configMap, "data").get("application.conf"));
    }

    private static Map<String, Object> spec() {
        return map(flinkDeployment, "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) Objects.requireNonNull(parent.get(key), key);
    }
}
