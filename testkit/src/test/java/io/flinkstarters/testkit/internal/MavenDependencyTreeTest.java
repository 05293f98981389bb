package io.flinkstarters.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenDependencyTreeTest {

    /** Shaped like {@code mvn dependency:tree -Dverbose}: commons-lang3 resolved under flink-runtime, omitted elsewhere. */
    private static final List<String> TREE = List.of(
            "io.flinkstarters:flink-starters-testkit:jar:0.1.0-SNAPSHOT",
            "+- org.apache.flink:flink-streaming-java:jar:2.2.0:compile",
            "|  +- org.apache.flink:flink-core:jar:2.2.0:compile (version managed from 2.2.0)",
            "|  |  +- (org.apache.commons:commons-lang3:jar:3.18.0:compile - omitted for duplicate)",
            "|  |  \\- org.apache.commons:commons-compress:jar:1.26.0:compile",
            "|  |     \\- (org.apache.commons:commons-lang3:jar:3.14.0:compile - omitted for conflict with 3.18.0)",
            "|  \\- (org.apache.flink:flink-runtime:jar:2.2.0:compile - omitted for duplicate)",
            "+- org.apache.flink:flink-runtime:jar:2.2.0:compile",
            "|  \\- org.apache.commons:commons-lang3:jar:3.18.0:compile",
            "+- org.apache.kafka:kafka-clients:jar:4.2.0:compile",
            "|  \\- com.github.luben:zstd-jni:jar:1.5.6-10:runtime",
            "\\- org.rocksdb:rocksdbjni:jar:linux64:8.10.0:test");

    private final MavenDependencyTree tree = MavenDependencyTree.parse(TREE);

    @Test
    void theClosureFollowsOmittedEntriesToWhereTheyWereResolved() {
        List<String> closure = tree.closure(List.of("org.apache.flink:flink-streaming-java:jar")).stream()
                .map(artifact -> artifact.artifactId() + ":" + artifact.version())
                .toList();

        assertThat(closure)
                .containsExactlyInAnyOrder(
                        "flink-streaming-java:2.2.0",
                        "flink-core:2.2.0",
                        "commons-compress:1.26.0",
                        "flink-runtime:2.2.0",
                        "commons-lang3:3.18.0");
    }

    @Test
    void leavesOutWhatTheRootsDoNotNeed() {
        assertThat(tree.closure(List.of("org.apache.flink:flink-runtime:jar")))
                .extracting(MavenArtifact::artifactId)
                .containsExactly("flink-runtime", "commons-lang3");
    }

    @Test
    void readsClassifiersAndLocatesArtifactsInARepository() {
        MavenArtifact rocksdb =
                tree.closure(List.of("org.rocksdb:rocksdbjni:jar:linux64")).get(0);

        assertThat(rocksdb.fileName()).isEqualTo("rocksdbjni-8.10.0-linux64.jar");
        assertThat(rocksdb.in(Path.of("/repo")))
                .isEqualTo(Path.of("/repo/org/rocksdb/rocksdbjni/8.10.0/rocksdbjni-8.10.0-linux64.jar"));
    }

    @Test
    void anUnknownRootIsAnError() {
        assertThatThrownBy(() -> tree.closure(List.of("org.apache.flink:flink-clients:jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flink-clients");
    }

    @Test
    void theTestkitsOwnTreeGivesAClusterWithoutTheTestClassPath() {
        FlinkDistribution distribution = FlinkDistribution.ofTestkit();

        assertThat(distribution.clusterClassPath())
                .extracting(path -> path.getFileName().toString())
                .anyMatch(name -> name.startsWith("flink-runtime-"))
                .anyMatch(name -> name.startsWith("flink-streaming-java-"))
                .anyMatch(name -> name.startsWith("log4j-slf4j-impl-"))
                .noneMatch(name -> name.startsWith("flink-connector-kafka")
                        || name.startsWith("kafka")
                        || name.startsWith("s3proxy")
                        || name.startsWith("flink-s3-fs-hadoop")
                        || name.startsWith("flink-clients")
                        || name.startsWith("junit"));
        assertThat(distribution.clientClassPath())
                .extracting(path -> path.getFileName().toString())
                .anyMatch(name -> name.startsWith("flink-clients-"));
        assertThat(distribution.s3PluginJars())
                .extracting(path -> path.getFileName().toString())
                .singleElement()
                .asString()
                .startsWith("flink-s3-fs-hadoop-");
    }
}
