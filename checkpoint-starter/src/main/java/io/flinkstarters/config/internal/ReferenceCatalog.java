package io.flinkstarters.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * What the merged {@code reference.conf} files declare: every key with its default, its comment and
 * the environment variable that overrides it.
 *
 * <p>{@code reference.conf} is the single source of truth. A comment line {@code Env: NAME} above a
 * key binds an environment variable to it; an object left empty (such as {@code flink.conf}) is
 * free-form and accepts any key. The loader, the unknown-key check and the generated configuration
 * reference all read this catalog, so they cannot disagree.
 */
@Internal
public final class ReferenceCatalog {

    private static final Pattern ENV_LINE = Pattern.compile("^\\s*Env:\\s*([A-Z][A-Z0-9_]*)\\s*$");

    /** One documented leaf key. */
    public record Entry(
            String path, String defaultValue, String description, Optional<String> envVar, String file, int line) {}

    private final Map<String, Entry> leaves;
    private final Set<String> objects;
    private final Set<String> freeFormObjects;

    private ReferenceCatalog(Map<String, Entry> leaves, Set<String> objects, Set<String> freeFormObjects) {
        this.leaves = leaves;
        this.objects = objects;
        this.freeFormObjects = freeFormObjects;
    }

    /** Catalogues every key of a resolved reference configuration. */
    public static ReferenceCatalog of(Config reference) {
        List<Entry> found = new ArrayList<>();
        Set<String> objects = new TreeSet<>();
        Set<String> freeForm = new TreeSet<>();
        walk(reference.root(), List.of(), found, objects, freeForm);
        found.sort(
                Comparator.comparing(Entry::file).thenComparingInt(Entry::line).thenComparing(Entry::path));
        Map<String, Entry> leaves = new LinkedHashMap<>();
        found.forEach(entry -> leaves.put(entry.path(), entry));
        return new ReferenceCatalog(leaves, objects, freeForm);
    }

    private static void walk(
            ConfigObject object, List<String> parent, List<Entry> found, Set<String> objects, Set<String> freeForm) {
        for (Map.Entry<String, ConfigValue> child : object.entrySet()) {
            List<String> segments = new ArrayList<>(parent);
            segments.add(child.getKey());
            String path = ConfigUtil.joinPath(segments);
            ConfigValue value = child.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                ConfigObject childObject = (ConfigObject) value;
                objects.add(path);
                if (childObject.isEmpty()) {
                    freeForm.add(path);
                }
                walk(childObject, segments, found, objects, freeForm);
            } else {
                found.add(entry(path, value));
            }
        }
    }

    private static Entry entry(String path, ConfigValue value) {
        ConfigOrigin origin = value.origin();
        Optional<String> envVar = Optional.empty();
        List<String> description = new ArrayList<>();
        for (String comment : origin.comments()) {
            Matcher env = ENV_LINE.matcher(comment);
            if (env.matches()) {
                envVar = Optional.of(env.group(1));
            } else {
                description.add(comment.trim());
            }
        }
        return new Entry(
                path,
                Values.render(value),
                description.stream().filter(line -> !line.isEmpty()).collect(Collectors.joining(" ")),
                envVar,
                origin.url() != null ? origin.url().toString() : Origins.source(origin),
                origin.lineNumber());
    }

    /** Leaf keys in file order (by reference file, then line). */
    public List<Entry> entries() {
        return List.copyOf(leaves.values());
    }

    /** Leaf keys under a prefix such as {@code flink.checkpoint}, in file order. */
    public List<Entry> entriesUnder(String prefix) {
        return leaves.values().stream()
                .filter(entry -> entry.path().startsWith(prefix + "."))
                .collect(Collectors.toList());
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(leaves.get(path));
    }

    public boolean isLeaf(String path) {
        return leaves.containsKey(path);
    }

    public boolean isObject(String path) {
        return objects.contains(path);
    }

    /** Whether the object at this path accepts any key (reference.conf leaves it empty). */
    public boolean isFreeForm(String path) {
        return freeFormObjects.contains(path);
    }

    /** The known keys directly below an object path, for "did you mean" suggestions. */
    public Set<String> childrenOf(String path) {
        Set<String> children = new TreeSet<>();
        String prefix = path + ".";
        leaves.keySet().stream()
                .filter(key -> key.startsWith(prefix))
                .forEach(key -> children.add(firstSegment(key, prefix)));
        objects.stream().filter(key -> key.startsWith(prefix)).forEach(key -> children.add(firstSegment(key, prefix)));
        return children;
    }

    private static String firstSegment(String key, String prefix) {
        return ConfigUtil.splitPath(key.substring(prefix.length())).get(0);
    }
}
