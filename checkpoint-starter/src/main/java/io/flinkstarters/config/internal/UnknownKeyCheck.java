package io.flinkstarters.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Finds keys that no {@code reference.conf} declares: the typo {@code flink.checkpoint.intreval}
 * would otherwise be ignored and the job would silently run with the default.
 */
@Internal
public final class UnknownKeyCheck {

    /** An unknown key and what to tell the user about it. */
    public record Finding(String key, String message) {}

    private UnknownKeyCheck() {}

    public static List<Finding> find(Config config, ReferenceCatalog catalog, Collection<String> roots) {
        List<Finding> findings = new ArrayList<>();
        for (String root : roots) {
            if (config.hasPath(root) && config.getValue(root) instanceof ConfigObject object) {
                walk(object, root, catalog, findings);
            }
        }
        return findings;
    }

    private static void walk(ConfigObject object, String path, ReferenceCatalog catalog, List<Finding> findings) {
        if (catalog.isFreeForm(path)) {
            return;
        }
        for (Map.Entry<String, ConfigValue> child : object.entrySet()) {
            List<String> segments = new ArrayList<>(ConfigUtil.splitPath(path));
            segments.add(child.getKey());
            String childPath = ConfigUtil.joinPath(segments);
            if (catalog.isLeaf(childPath)) {
                continue;
            }
            if (catalog.isObject(childPath)) {
                if (child.getValue() instanceof ConfigObject childObject) {
                    walk(childObject, childPath, catalog, findings);
                }
                continue;
            }
            findings.add(new Finding(childPath, unknownMessage(child.getKey(), catalog.childrenOf(path), path)));
        }
    }

    private static String unknownMessage(String name, Set<String> known, String parent) {
        return suggestion(name, known)
                .map(closest -> "is not a known key; did you mean " + parent + "." + closest + "?")
                .orElse("is not a known key; known keys under " + parent + " are " + String.join(", ", known));
    }

    /** A known key a few edits away (a typo), or one that the name abbreviates ({@code failover}). */
    private static Optional<String> suggestion(String name, Set<String> known) {
        Optional<String> closest = known.stream()
                .min(Comparator.comparingInt(candidate -> distance(name, candidate)))
                .filter(candidate -> distance(name, candidate) <= Math.max(2, name.length() / 3));
        return closest.or(() ->
                known.stream().filter(candidate -> candidate.startsWith(name)).findFirst());
    }

    /** Levenshtein distance, case-insensitive. */
    static int distance(String a, String b) {
        String left = a.toLowerCase();
        String right = b.toLowerCase();
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int j = 0; j <= right.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= right.length(); j++) {
                int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }
}
