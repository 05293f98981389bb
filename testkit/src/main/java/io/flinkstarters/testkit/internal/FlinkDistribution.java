package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/**
 * What a Flink distribution's {@code lib/} and {@code plugins/} would hold, made of the Maven artifacts
 * the testkit depends on (the distribution tarball is not a Maven artifact).
 *
 * <p>The testkit's build writes its verbose dependency tree next to this class; the class paths here
 * are the transitive closures of a few of its artifacts, so they hold Flink and what Flink needs and
 * nothing a test class path has besides (the Kafka connector, s3proxy, the job's classes): a job's
 * jar on such a cluster has to bring what it uses, as on a real one. Each jar is taken from this
 * JVM's class path when it is there, else from the local Maven repository.
 */
@Internal
public final class FlinkDistribution {

    private static final String TREE = "flink-distribution.tree";

    /**
     * A JobManager and a TaskManager: the runtime (with the RPC system), flink-streaming-java (the
     * JobManager turns the submitted StreamGraph into tasks), the RocksDB state backend, and the log4j
     * binding Flink's distribution ships.
     */
    private static final List<String> CLUSTER = List.of(
            "org.apache.flink:flink-runtime:jar",
            "org.apache.flink:flink-streaming-java:jar",
            "org.apache.flink:flink-statebackend-rocksdb:jar",
            "org.apache.logging.log4j:log4j-slf4j-impl:jar",
            "org.apache.logging.log4j:log4j-core:jar");
    /** The command-line client ({@code flink run}) needs flink-clients in addition. */
    private static final String CLIENTS = "org.apache.flink:flink-clients:jar";
    /** Loaded as a plugin, in its own class loader, as in {@code plugins/s3-fs-hadoop/}. */
    private static final String S3_PLUGIN = "org.apache.flink:flink-s3-fs-hadoop:jar";

    private final MavenDependencyTree tree;
    private final Map<String, Path> onClassPath = new HashMap<>();
    private final Path localRepository;

    private FlinkDistribution(MavenDependencyTree tree, List<Path> classPath, Path localRepository) {
        this.tree = tree;
        classPath.forEach(entry -> onClassPath.putIfAbsent(entry.getFileName().toString(), entry));
        this.localRepository = localRepository;
    }

    /** The distribution as the testkit was built against it. */
    public static FlinkDistribution ofTestkit() {
        try (InputStream in = FlinkDistribution.class.getResourceAsStream(TREE)) {
            if (in == null) {
                throw new IllegalStateException(TREE + " is missing next to " + FlinkDistribution.class.getName()
                        + ": the testkit's build writes it (maven-dependency-plugin, goal tree)");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return new FlinkDistribution(
                    MavenDependencyTree.parse(lines), JvmClassPath.entries(), defaultLocalRepository());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TREE, e);
        }
    }

    /** The class path of a JobManager or TaskManager process. */
    public List<Path> clusterClassPath() {
        return jars(CLUSTER);
    }

    /** The class path of the {@code flink} command-line client. */
    public List<Path> clientClassPath() {
        return jars(Stream.concat(CLUSTER.stream(), Stream.of(CLIENTS)).toList());
    }

    /** The jars of the S3 file system plugin (flink-s3-fs-hadoop is self-contained: one jar). */
    public List<Path> s3PluginJars() {
        return jars(List.of(S3_PLUGIN));
    }

    private List<Path> jars(List<String> roots) {
        List<Path> jars = new ArrayList<>();
        for (MavenArtifact artifact : tree.closure(roots)) {
            jars.add(locate(artifact));
        }
        return jars;
    }

    private Path locate(MavenArtifact artifact) {
        Path found = onClassPath.get(artifact.fileName());
        if (found != null) {
            return found;
        }
        Path inRepository = artifact.in(localRepository);
        if (Files.isRegularFile(inRepository)) {
            return inRepository;
        }
        throw new IllegalStateException(artifact.fileName() + " is neither on the class path nor at " + inRepository
                + "; a process cluster needs it (resolve it with Maven, e.g. as a test dependency)");
    }

    /** Maven's {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    private static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null
                ? Paths.get(configured)
                : Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }
}
