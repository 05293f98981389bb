package io.flinkstarters.testkit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * The text output of {@code mvn dependency:tree -Dverbose}, read back as a graph, so the transitive
 * dependencies of a few of its artifacts can be picked out of a larger project.
 *
 * <p>Maven prints each artifact's dependencies once, where it resolved it; elsewhere the artifact
 * appears in parentheses ("omitted for duplicate", "omitted for conflict with 3.18.0"). The graph
 * therefore keys artifacts by {@link MavenArtifact#key()} (the version that won) and follows an
 * omitted entry to where its dependencies were printed.
 */
@Internal
public final class MavenDependencyTree {

    /** Tree drawing characters in front of the coordinates: "|  +- ", "\- ", ... */
    private static final String DRAWING = "|+\\- ";

    private final Map<String, MavenArtifact> resolved = new LinkedHashMap<>();
    private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();

    private MavenDependencyTree() {}

    public static MavenDependencyTree parse(List<String> lines) {
        MavenDependencyTree tree = new MavenDependencyTree();
        List<String> path = new ArrayList<>(); // the keys from the root to the current line's parent
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int start = 0;
            while (start < line.length() && DRAWING.indexOf(line.charAt(start)) >= 0) {
                start++;
            }
            int depth = start / 3;
            String entry = line.substring(start);
            boolean omitted = entry.startsWith("(");
            MavenArtifact artifact =
                    MavenArtifact.parse(entry.replaceFirst("^\\(", "").split("[ )]")[0]);
            while (path.size() > depth) {
                path.remove(path.size() - 1);
            }
            if (!path.isEmpty()) {
                tree.dependencies.get(path.get(path.size() - 1)).add(artifact.key());
            }
            if (!omitted) {
                tree.resolved.put(artifact.key(), artifact);
                tree.dependencies.putIfAbsent(artifact.key(), new LinkedHashSet<>());
            }
            path.add(artifact.key());
        }
        return tree;
    }

    /**
     * The artifacts with these keys and everything they depend on, transitively, each once, in the
     * order met (roots first).
     *
     * @throws IllegalArgumentException if a root is not in the tree
     */
    public List<MavenArtifact> closure(List<String> rootKeys) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> toVisit = new ArrayDeque<>(rootKeys);
        for (String root : rootKeys) {
            if (!resolved.containsKey(root)) {
                throw new IllegalArgumentException(
                        root + " is not in the dependency tree; it has " + resolved.keySet());
            }
        }
        while (!toVisit.isEmpty()) {
            String key = toVisit.removeFirst();
            if (seen.add(key)) {
                toVisit.addAll(dependencies.getOrDefault(key, Set.of()));
            }
        }
        // An entry only ever seen in parentheses (a dependency cycle) has no resolved version of its own.
        return seen.stream().filter(resolved::containsKey).map(resolved::get).toList();
    }
}
