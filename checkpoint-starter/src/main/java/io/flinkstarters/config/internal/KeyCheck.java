package io.flinkstarters.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Finds keys that cannot do what their writer meant, before anything is read:
 *
 * <ul>
 *   <li>a key no {@code reference.conf} declares under one of the roots (the typo
 *       {@code flink.checkpoint.intreval} would leave the default running);
 *   <li>a root a few keystrokes from ours ({@code flinkk}, {@code Flink}) and a quoted key that is
 *       one of our paths written as one name ({@code "flink.checkpoint.interval" = 5s}): the whole
 *       section would be ignored;
 *   <li>a single value where a block of settings belongs ({@code flink.checkpoint = 5}), reported
 *       once instead of as every key below it missing.
 * </ul>
 */
@Internal
public final class KeyCheck {

    /**
     * What was found, at which full key.
     *
     * @param typo a key no reference.conf declares, or a root or quoted key that misses ours (reported
     *     as {@code flink.starters.unknown-keys} says); otherwise a single value where a block of
     *     settings belongs (always an error)
     */
    public record Finding(String key, String message, boolean typo) {}

    private KeyCheck() {}

    public static List<Finding> find(Config config, ReferenceCatalog catalog, Collection<String> roots) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> top : config.root().entrySet()) {
            String name = top.getKey();
            String path = ConfigUtil.joinPath(name);
            if (roots.contains(name)) {
                walk(top.getValue(), path, catalog, findings);
            } else if (!Origins.isDefault(top.getValue().origin())) {
                rootMistake(name, roots, catalog).ifPresent(message -> findings.add(new Finding(path, message, true)));
            }
        }
        return findings;
    }

    /** Checks a value at a path the catalog knows as a block (a root, or an object below one). */
    private static void walk(ConfigValue value, String path, ReferenceCatalog catalog, List<Finding> findings) {
        if (!(value instanceof ConfigObject object)) {
            findings.add(new Finding(path, notABlock(path, catalog), false));
            return;
        }
        if (catalog.isFreeForm(path)) {
            return;
        }
        for (Map.Entry<String, ConfigValue> child : object.entrySet()) {
            List<String> segments = new ArrayList<>(ConfigUtil.splitPath(path));
            segments.add(child.getKey());
            String childPath = ConfigUtil.joinPath(segments);
            if (catalog.isObject(childPath)) {
                walk(child.getValue(), childPath, catalog, findings);
            } else if (!catalog.isLeaf(childPath)) {
                findings.add(new Finding(childPath, unknownMessage(child.getKey(), path, catalog), true));
            }
        }
    }

    private static String notABlock(String path, ReferenceCatalog catalog) {
        Set<String> children = catalog.childrenOf(path);
        return "must be a block of settings, " + path + " { ... }, not a single value"
                + (children.isEmpty() ? "" : " (its keys: " + String.join(", ", children) + ")");
    }

    private static String unknownMessage(String name, String parent, ReferenceCatalog catalog) {
        String unquoted = parent + "." + name;
        if (name.contains(".") && (catalog.isLeaf(unquoted) || catalog.isObject(unquoted))) {
            return quoted(unquoted);
        }
        Set<String> known = catalog.childrenOf(parent);
        return suggestion(name, known)
                .map(closest -> "is not a known key; did you mean " + parent + "." + closest + "?")
                .orElse("is not a known key; known keys under " + parent + " are " + String.join(", ", known));
    }

    /** A top-level key that is one of our roots misspelt, or one of our paths in quotes. */
    private static Optional<String> rootMistake(String name, Collection<String> roots, ReferenceCatalog catalog) {
        int dot = name.indexOf('.');
        String first = dot < 0 ? name : name.substring(0, dot);
        Optional<String> root = roots.stream()
                .filter(candidate -> candidate.equals(first) || isNearMiss(first, candidate))
                .findFirst();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (dot < 0) {
            return Optional.of("is not read: did you mean " + root.get() + "? (keys are case-sensitive)");
        }
        String meant = root.get() + name.substring(dot);
        return Optional.of(
                catalog.isLeaf(meant) || catalog.isObject(meant)
                        ? quoted(meant)
                        : "is not read: it is one quoted key with dots in its name, not a path under " + root.get());
    }

    private static String quoted(String path) {
        return "is not read: it is one quoted key with dots in its name, not the path " + path + "; remove the quotes";
    }

    /**
     * The root in other letter case, or with one letter added, dropped or two swapped. A changed letter
     * is not counted: {@code blink} and {@code fling} are words an application may use as its root.
     */
    private static boolean isNearMiss(String name, String root) {
        if (name.equals(root) || distance(name, root) > 1) {
            return false;
        }
        return name.length() != root.length() || sortedLetters(name).equals(sortedLetters(root));
    }

    private static String sortedLetters(String text) {
        char[] letters = text.toLowerCase(Locale.ROOT).toCharArray();
        Arrays.sort(letters);
        return new String(letters);
    }

    /** A known key a few edits away (a typo), or one that the name abbreviates ({@code failover}). */
    public static Optional<String> suggestion(String name, Collection<String> known) {
        Optional<String> closest = known.stream()
                .min(Comparator.comparingInt(candidate -> distance(name, candidate)))
                .filter(candidate -> distance(name, candidate) <= Math.max(2, name.length() / 3));
        return closest.or(() ->
                known.stream().filter(candidate -> candidate.startsWith(name)).findFirst());
    }

    /** Edit distance with swaps of neighbours (Damerau-Levenshtein, restricted), case-insensitive. */
    public static int distance(String a, String b) {
        String left = a.toLowerCase(Locale.ROOT);
        String right = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[left.length() + 1][right.length() + 1];
        for (int i = 0; i <= left.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= right.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            for (int j = 1; j <= right.length(); j++) {
                int cost = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1
                        && j > 1
                        && left.charAt(i - 1) == right.charAt(j - 2)
                        && left.charAt(i - 2) == right.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[left.length()][right.length()];
    }
}
