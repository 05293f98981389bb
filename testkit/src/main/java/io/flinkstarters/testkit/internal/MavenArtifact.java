package io.flinkstarters.testkit.internal;

import java.nio.file.Path;
import org.apache.flink.annotation.Internal;

/**
 * A resolved Maven artifact, as {@code dependency:tree} prints it:
 * {@code groupId:artifactId:type[:classifier]:version[:scope]}.
 *
 * @param classifier empty when there is none
 */
@Internal
public record MavenArtifact(String groupId, String artifactId, String type, String classifier, String version) {

    /** Parses tree coordinates; the scope, if present, is dropped. */
    public static MavenArtifact parse(String coordinates) {
        String[] parts = coordinates.split(":");
        return switch (parts.length) {
            case 4, 5 -> new MavenArtifact(parts[0], parts[1], parts[2], "", parts[3]);
            case 6 -> new MavenArtifact(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new IllegalArgumentException("Not Maven coordinates: '" + coordinates + "'");
        };
    }

    /** {@code groupId:artifactId:type[:classifier]}: the same dependency whatever version won. */
    public String key() {
        return groupId + ":" + artifactId + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** The file name Maven gives it in a repository, e.g. {@code flink-core-2.2.0.jar}. */
    public String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "."
                + ("test-jar".equals(type) ? "jar" : type);
    }

    /** Where it lies in a Maven repository laid out the standard way. */
    public Path in(Path repository) {
        return repository
                .resolve(groupId.replace('.', '/'))
                .resolve(artifactId)
                .resolve(version)
                .resolve(fileName());
    }
}
