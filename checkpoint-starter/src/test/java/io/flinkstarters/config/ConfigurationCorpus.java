package io.flinkstarters.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import io.flinkstarters.config.CorpusCase.Expect;
import io.flinkstarters.config.internal.EnvironmentLookAlikes;
import io.flinkstarters.config.internal.FlinkOptions;
import io.flinkstarters.config.internal.HoconNames;
import io.flinkstarters.config.internal.ReferenceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Generates configurations a user could write, derived from {@code reference.conf} itself so that a
 * new key is fuzzed without anyone remembering to: for every key, its default written out (in HOCON
 * and, where bound, in the environment), typos of its name and of every block above it, values of the
 * wrong type, values at and past Flink's limits, look-alikes of its environment variable; then blocks
 * given a single value, roots and quoted paths that miss ours, syntax errors, substitutions, system
 * properties, pass-through keys the starters model or Flink cannot read, and hand-made controls. A
 * recognizable secret ({@link #SECRET}) is planted wherever a credential could be written.
 *
 * <p>Each case's expectation is known by construction: a mutated name is no key, a literal past a
 * limit is one the key's type declares as refused, a value Flink cannot read is one Flink's own
 * parser refuses. Seeded: the same seed gives the same cases.
 */
public final class ConfigurationCorpus {

    /** What every planted secret starts with: it must never appear in anything printed. */
    public static final String SECRET = "PLANTED-S3CR3T";

    private final List<String> roots;
    private final List<String> prefixes;
    private final SettingsTable table;
    private final List<String> base;
    private final boolean passThrough;
    private final Random random;
    private final Config reference = ConfigFactory.defaultReference();
    private final ReferenceCatalog catalog = ReferenceCatalog.of(reference);
    private final List<CorpusCase> cases = new ArrayList<>();
    private final Set<String> keysSetByBase;
    private final SettingValues baseValues;
    private int secrets;

    private ConfigurationCorpus(
            List<String> roots,
            List<String> prefixes,
            SettingsTable table,
            List<String> base,
            boolean passThrough,
            long seed) {
        this.roots = roots;
        this.prefixes = prefixes;
        this.table = table;
        this.base = base;
        this.passThrough = passThrough;
        this.random = new Random(seed);
        Config baseConfig = ConfigFactory.parseString(String.join("\n", base));
        this.keysSetByBase = leaves(baseConfig);
        ConfigReader baseReader = new ConfigReader(ConfigLoader.load(baseConfig, Map.of()));
        this.baseValues = table.read(baseReader);
    }

    /**
     * The corpus for the keys under {@code prefixes}, every one of which must be a row of {@code table}.
     *
     * @param roots the roots the subject checks ({@code flink}, a job's own)
     * @param base a valid {@code application.conf}, one entry per line, every case starts from
     * @param passThrough whether to generate {@code flink.conf} cases
     */
    public static List<CorpusCase> generate(
            List<String> roots,
            List<String> prefixes,
            SettingsTable table,
            List<String> base,
            boolean passThrough,
            long seed) {
        ConfigurationCorpus corpus = new ConfigurationCorpus(roots, prefixes, table, base, passThrough, seed);
        corpus.everyKey();
        corpus.everyBlock();
        corpus.rootsAndQuotedPaths();
        corpus.syntaxErrors();
        corpus.substitutions();
        corpus.systemProperties();
        corpus.unknownKeysAsWarnings();
        if (passThrough) {
            corpus.passThroughKeys();
        }
        return List.copyOf(corpus.cases);
    }

    private List<ReferenceCatalog.Entry> entries() {
        return prefixes.stream()
                .flatMap(prefix -> catalog.entriesUnder(prefix).stream())
                .toList();
    }

    private Setting<?> row(String key) {
        return table.row(key)
                .orElseThrow(() -> new AssertionError(key + " is in reference.conf but no row of the table"));
    }

    // ---- every key ------------------------------------------------------------------------------

    private void everyKey() {
        for (ReferenceCatalog.Entry entry : entries()) {
            Setting<?> row = row(entry.path());
            String key = entry.path();
            boolean secret = Secret.isSecretKey(key);
            if (!keysSetByBase.contains(key)) {
                explicitDefault(row);
            }
            List<String> segments = ConfigUtil.splitPath(key);
            String name = segments.get(segments.size() - 1);
            String parent = ConfigUtil.joinPath(segments.subList(0, segments.size() - 1));
            for (String typo : typos(name, catalog.childrenOf(parent))) {
                String typoKey = parent + "." + typo;
                String value = secret ? quoted(nextSecret()) : literal(key);
                add("typo:" + typoKey, Expect.REJECTED, List.of(typoKey + " = " + value), typoKey, line(0), null);
            }
            for (String wrong : row.type().ownRejections()) {
                add(
                        "type:" + key + "=" + wrong,
                        Expect.REJECTED,
                        withConditions(row, key + " = " + wrong),
                        key,
                        line(0),
                        null);
            }
            add("object:" + key, Expect.REJECTED, withConditions(row, key + " { a = 1 }"), key, line(0), null);
            for (String refused : row.type().flinkLimits().refused()) {
                add(
                        "limit:" + key + "=" + refused,
                        Expect.REJECTED,
                        withConditions(row, key + " = " + quoted(refused)),
                        key,
                        line(0),
                        null);
            }
            for (String accepted : row.type().flinkLimits().accepted()) {
                add(
                        "edge:" + key + "=" + accepted,
                        Expect.VALID,
                        withConditions(row, key + " = " + quoted(accepted)),
                        null,
                        null,
                        null);
            }
            entry.envVar().ifPresent(variable -> environment(row, variable, secret));
        }
    }

    /** The key's default written out: the key takes effect, or is reported as ignored where it cannot. */
    private void explicitDefault(Setting<?> row) {
        String key = row.key();
        boolean applies = row.appliesTo(baseValues) || reader().isNull(key);
        add(
                "default:" + key,
                applies ? Expect.VALID : Expect.WARNED,
                List.of(key + " = " + literal(key)),
                applies ? null : key,
                applies ? null : line(0),
                null);
    }

    private ConfigReader reader() {
        return new ConfigReader(reference);
    }

    /** The row's line, after lines that make the row apply (the restart strategy it belongs to, say). */
    private List<String> withConditions(Setting<?> row, String line) {
        List<String> lines = new ArrayList<>();
        lines.add(line);
        for (Setting.Condition<?> condition : row.conditions()) {
            Object value = condition.values().iterator().next();
            lines.add(condition.other().key() + " = "
                    + (value instanceof Enum<?> constant ? HoconNames.of(constant) : value));
        }
        return lines;
    }

    private void environment(Setting<?> row, String variable, boolean secret) {
        String key = row.key();
        envLiteral(row).filter(value -> !secret).ifPresent(value -> {
            boolean applies = row.appliesTo(baseValues);
            addEnv(
                    "env:" + variable,
                    applies ? Expect.VALID : Expect.WARNED,
                    Map.of(variable, value),
                    applies ? null : key,
                    applies ? null : "env " + variable);
        });
        List<String> wrong = row.type().ownRejections().stream()
                .filter(literal -> !literal.startsWith("{"))
                .map(literal -> literal.replace("\"", ""))
                .collect(Collectors.toCollection(ArrayList::new));
        if (isDuration(row)) {
            wrong.add("1500.5");
        }
        for (String value : wrong) {
            addEnv("env:" + variable + "=" + value, Expect.REJECTED, Map.of(variable, value), key, "env " + variable);
        }
        Set<String> bound = boundVariables();
        for (String lookAlike : lookAlikes(variable)) {
            if (!bound.contains(lookAlike)
                    && variable.equals(
                            EnvironmentLookAlikes.find(Set.of(lookAlike), bound).get(lookAlike))) {
                addEnv(
                        "lookalike:" + lookAlike,
                        Expect.REJECTED,
                        Map.of(lookAlike, nextSecret()),
                        null,
                        "env " + lookAlike);
            }
        }
    }

    private Set<String> boundVariables() {
        return catalog.entries().stream()
                .flatMap(entry -> entry.envVar().stream())
                .collect(Collectors.toSet());
    }

    private List<String> lookAlikes(String variable) {
        List<String> lookAlikes = new ArrayList<>();
        if (variable.endsWith("_MS")) {
            lookAlikes.add(variable.substring(0, variable.length() - 3));
        }
        int last = variable.lastIndexOf('_') + 1;
        int at = last + random.nextInt(variable.length() - last);
        lookAlikes.add(variable.substring(0, at + 1) + variable.charAt(at) + variable.substring(at + 1));
        if (variable.length() - last > 2) {
            lookAlikes.add(variable.substring(0, at) + variable.substring(at + 1));
        }
        return lookAlikes;
    }

    /** The default as an environment variable gives it: durations in milliseconds, choices as constants. */
    private Optional<String> envLiteral(Setting<?> row) {
        Object value = row.type().read(reference, row.key()).value();
        if (value instanceof Optional<?> optional) {
            return optional.map(String::valueOf);
        }
        if (value instanceof Duration duration) {
            return Optional.of(String.valueOf(duration.toMillis()));
        }
        if (value instanceof Enum<?> constant) {
            return Optional.of(constant.name());
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }

    private boolean isDuration(Setting<?> row) {
        return row.type().read(reference, row.key()).value() instanceof Duration;
    }

    // ---- blocks ------------------------------------------------------------------------------

    private void everyBlock() {
        Set<String> blocks = new LinkedHashSet<>();
        for (ReferenceCatalog.Entry entry : entries()) {
            List<String> segments = ConfigUtil.splitPath(entry.path());
            for (int length = 1; length < segments.size(); length++) {
                blocks.add(ConfigUtil.joinPath(segments.subList(0, length)));
            }
        }
        prefixes.forEach(prefix -> blocks.add(prefix));
        if (passThrough) {
            blocks.add(FlinkConfPassThrough.PATH);
        }
        for (String block : blocks) {
            boolean holdsSecrets = catalog.isFreeForm(block)
                    || catalog.childrenOf(block).stream()
                            .map(child -> block + "." + child)
                            .anyMatch(child -> catalog.isLeaf(child) && Secret.isSecretKey(child));
            String value = holdsSecrets ? quoted(nextSecret()) : "5";
            add("block:" + block, Expect.REJECTED, List.of(block + " = " + value), block, line(0), 1);
            List<String> segments = ConfigUtil.splitPath(block);
            if (segments.size() > 1) {
                String name = segments.get(segments.size() - 1);
                String parent = ConfigUtil.joinPath(segments.subList(0, segments.size() - 1));
                for (String typo : typos(name, catalog.childrenOf(parent)).subList(0, 1)) {
                    String typoBlock = parent + "." + typo;
                    List<ReferenceCatalog.Entry> inside = catalog.entriesUnder(block);
                    String child = inside.isEmpty() ? "\"pipeline.name\" = demo" : childLine(block, inside.get(0));
                    add(
                            "blocktypo:" + typoBlock,
                            Expect.REJECTED,
                            List.of(typoBlock + " { " + child + " }"),
                            typoBlock,
                            line(0),
                            null);
                }
            }
        }
    }

    private String childLine(String block, ReferenceCatalog.Entry entry) {
        String relative = entry.path().substring(block.length() + 1);
        return relative + " = " + (Secret.isSecretKey(entry.path()) ? quoted(nextSecret()) : literal(entry.path()));
    }

    // ---- roots and quoted paths ----------------------------------------------------------------

    private void rootsAndQuotedPaths() {
        List<ReferenceCatalog.Entry> entries = entries();
        for (int i = 0; i < 8; i++) {
            ReferenceCatalog.Entry entry = entries.get(random.nextInt(entries.size()));
            List<String> segments = ConfigUtil.splitPath(entry.path());
            String root = segments.get(0);
            String rest = ConfigUtil.joinPath(segments.subList(1, segments.size()));
            String value = Secret.isSecretKey(entry.path()) ? quoted(nextSecret()) : literal(entry.path());
            String doubled = root + root.charAt(root.length() - 1);
            String capital = Character.toUpperCase(root.charAt(0)) + root.substring(1);
            add(
                    "root:" + doubled + "." + rest,
                    Expect.REJECTED,
                    List.of(doubled + "." + rest + " = " + value),
                    doubled,
                    line(0),
                    null);
            add(
                    "root:" + capital + "." + rest,
                    Expect.REJECTED,
                    List.of(capital + "." + rest + " = " + value),
                    capital,
                    line(0),
                    null);
            String quotedPath = ConfigUtil.joinPath(entry.path());
            add(
                    "quoted:" + entry.path(),
                    Expect.REJECTED,
                    List.of(quotedPath + " = " + value),
                    quotedPath,
                    line(0),
                    null);
        }
    }

    // ---- syntax, substitutions, system properties, warn mode ----------------------------------

    private void syntaxErrors() {
        String key = entries().get(0).path();
        String secretKey = entries().stream()
                .map(ReferenceCatalog.Entry::path)
                .filter(Secret::isSecretKey)
                .findFirst()
                .orElse(key + "-password");
        for (int i = 0; i < 4; i++) {
            syntax("double-equals", key + " = = 5", false);
            syntax("unbalanced-close", secretKey + " = " + nextSecret() + " }", false);
            syntax("unterminated-string", secretKey + " = \"" + nextSecret(), false);
            syntax("unresolved", key + " = ${CORPUS_UNDEFINED_" + i + "}", false);
            String root = ConfigUtil.splitPath(secretKey).get(0);
            syntax(
                    "unclosed-block",
                    root + " { " + secretKey.substring(root.length() + 1) + " = " + quoted(nextSecret()),
                    true);
        }
    }

    /** A broken line at a seeded place in the base; {@code atEnd}: the parser notices only at the end of the file. */
    private void syntax(String what, String broken, boolean atEnd) {
        List<String> lines = new ArrayList<>(base);
        int at = random.nextInt(lines.size() + 1);
        lines.add(at, broken);
        String origin = atEnd ? "line:*" : "line:" + (at + 1);
        cases.add(new CorpusCase(
                "syntax:" + what + "@" + (at + 1),
                Expect.REJECTED,
                String.join("\n", lines) + "\n",
                Map.of(),
                Map.of(),
                null,
                origin,
                1));
    }

    private void substitutions() {
        for (ReferenceCatalog.Entry entry : entries()) {
            if (!keysSetByBase.contains(entry.path()) && random.nextInt(4) == 0) {
                add(
                        "optional-substitution:" + entry.path(),
                        Expect.VALID,
                        List.of(entry.path() + " = ${?CORPUS_UNSET_VARIABLE}"),
                        null,
                        null,
                        null);
                add(
                        "substitution:" + entry.path(),
                        explicitDefaultExpect(entry.path()),
                        List.of(
                                "corpus-values { value = " + literal(entry.path()) + " }",
                                entry.path() + " = ${corpus-values.value}"),
                        explicitDefaultKey(entry.path()),
                        null,
                        null);
            }
        }
    }

    private Expect explicitDefaultExpect(String key) {
        return row(key).appliesTo(baseValues) || reader().isNull(key) ? Expect.VALID : Expect.WARNED;
    }

    private String explicitDefaultKey(String key) {
        return explicitDefaultExpect(key) == Expect.WARNED ? key : null;
    }

    private void systemProperties() {
        ReferenceCatalog.Entry entry = entries().stream()
                .filter(candidate ->
                        row(candidate.path()).type().ownRejections().contains("soon"))
                .findFirst()
                .orElseThrow();
        String key = entry.path();
        String root = ConfigUtil.splitPath(key).get(0);
        cases.add(new CorpusCase(
                "sysprop:" + key,
                explicitDefaultExpect(key),
                document(List.of()),
                Map.of(),
                Map.of(key, reference.getValue(key).unwrapped().toString()),
                explicitDefaultKey(key),
                null,
                null));
        cases.add(new CorpusCase(
                "sysprop:" + key + "=soon",
                Expect.REJECTED,
                document(List.of()),
                Map.of(),
                Map.of(key, "soon"),
                key,
                "-D" + key,
                null));
        String typo = root + root.charAt(root.length() - 1) + key.substring(root.length());
        cases.add(new CorpusCase(
                "sysprop:" + typo,
                Expect.REJECTED,
                document(List.of()),
                Map.of(),
                Map.of(typo, "5"),
                root + root.charAt(root.length() - 1),
                "-D" + root + root.charAt(root.length() - 1),
                null));
    }

    private void unknownKeysAsWarnings() {
        List<CorpusCase> typos =
                cases.stream().filter(c -> c.name().startsWith("typo:")).toList();
        for (int i = 0; i < 10 && !typos.isEmpty(); i++) {
            CorpusCase typo = typos.get(random.nextInt(typos.size()));
            cases.add(new CorpusCase(
                    "warn-mode:" + typo.name(),
                    Expect.WARNED,
                    typo.hocon() + ConfigReader.UNKNOWN_KEYS.key() + " = warn\n",
                    Map.of(),
                    Map.of(),
                    typo.key(),
                    typo.origin(),
                    0));
        }
    }

    // ---- flink.conf ------------------------------------------------------------------------------

    private void passThroughKeys() {
        String path = FlinkConfPassThrough.PATH;
        for (String flinkKey : table.ownerByFlinkKey().keySet()) {
            String key = path + "." + ConfigUtil.joinPath(flinkKey);
            String value = Secret.isSecretKey(flinkKey) ? quoted(nextSecret()) : "1";
            add(
                    "pass-modeled:" + flinkKey,
                    Expect.REJECTED,
                    List.of(path + " { " + ConfigUtil.joinPath(flinkKey) + " = " + value + " }"),
                    key,
                    line(0),
                    null);
        }
        Map<String, FlinkOptions.Known> declared = new LinkedHashMap<>(FlinkOptions.declared());
        declared.keySet().removeAll(table.ownerByFlinkKey().keySet());
        List<String> keys = new ArrayList<>(declared.keySet());
        int unreadable = 0;
        int typos = 0;
        int defaults = 0;
        for (int i = 0; i < 2000 && (unreadable < 15 || typos < 10 || defaults < 8); i++) {
            String flinkKey = keys.get(random.nextInt(keys.size()));
            FlinkOptions.Known known = declared.get(flinkKey);
            String key = path + "." + ConfigUtil.joinPath(flinkKey);
            if (unreadable < 15 && !known.accepts("not-a-value")) {
                unreadable++;
                add(
                        "pass-unreadable:" + flinkKey,
                        Expect.REJECTED,
                        List.of(path + " { " + ConfigUtil.joinPath(flinkKey) + " = not-a-value }"),
                        key,
                        line(0),
                        null);
            }
            String typo = mutate(flinkKey.substring(flinkKey.lastIndexOf('.') + 1), 0);
            String typoKey = flinkKey.substring(0, flinkKey.lastIndexOf('.') + 1) + typo;
            if (typos < 10
                    && !FlinkOptions.declared().containsKey(typoKey)
                    && !FlinkOptions.isUndeclaredFamily(typoKey)
                    && FlinkOptions.typoOf(typoKey).isPresent()) {
                typos++;
                add(
                        "pass-typo:" + typoKey,
                        Expect.REJECTED,
                        List.of(path + " { " + ConfigUtil.joinPath(typoKey) + " = 1 }"),
                        path + "." + ConfigUtil.joinPath(typoKey),
                        line(0),
                        null);
            }
            Optional<String> flinkDefault = flinkDefault(known.option());
            if (defaults < 8 && flinkDefault.isPresent() && known.accepts(flinkDefault.get())) {
                defaults++;
                add(
                        "pass-default:" + flinkKey,
                        Expect.VALID,
                        List.of(path + " { " + ConfigUtil.joinPath(flinkKey) + " = " + quoted(flinkDefault.get())
                                + " }"),
                        null,
                        null,
                        null);
            }
        }
        add(
                "pass-unknown",
                Expect.WARNED,
                List.of(path + " { \"corpus.own-option\" = x }"),
                path + ".\"corpus.own-option\"",
                line(0),
                null);
        add(
                "pass-family",
                Expect.VALID,
                List.of(path + " { \"s3.connection.maximum\" = 20, \"metrics.reporter.corpus.interval\" = 10s }"),
                null,
                null,
                null);
        add(
                "pass-secret-quoted",
                Expect.VALID,
                List.of(path + " { \"security.ssl.internal.keystore-password\" = " + quoted(nextSecret()) + " }"),
                null,
                null,
                null);
        add(
                "pass-secret-nested",
                Expect.VALID,
                List.of(path + " { security.ssl.internal.key-password = " + quoted(nextSecret()) + " }"),
                null,
                null,
                null);
        add(
                "pass-secret-url",
                Expect.WARNED,
                List.of(path + " { \"corpus.endpoint\" = \"https://user:" + nextSecret() + "@host/\" }"),
                path + ".\"corpus.endpoint\"",
                line(0),
                null);
    }

    private static Optional<String> flinkDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue() || option.defaultValue() == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        ConfigOption<Object> typed = (ConfigOption<Object>) option;
        Configuration configuration = new Configuration();
        configuration.set(typed, option.defaultValue());
        return Optional.ofNullable(configuration.toMap().get(option.key()));
    }

    // ---- building blocks ---------------------------------------------------------------------

    /** Cases for {@link #add}: the line's number in the document (lines added after the base). */
    private String line(int index) {
        return "line:" + (base.size() + index + 1);
    }

    private void add(String name, Expect expect, List<String> lines, String key, String origin, Integer problems) {
        cases.add(new CorpusCase(name, expect, document(lines), Map.of(), Map.of(), key, origin, problems));
    }

    private void addEnv(String name, Expect expect, Map<String, String> environment, String key, String origin) {
        cases.add(new CorpusCase(name, expect, document(List.of()), environment, Map.of(), key, origin, null));
    }

    private String document(List<String> lines) {
        List<String> all = new ArrayList<>(base);
        all.addAll(lines);
        return String.join("\n", all) + "\n";
    }

    /** Up to three misspellings of a name (letters swapped, dropped, doubled) that are no known key. */
    private List<String> typos(String name, Set<String> siblings) {
        List<String> typos = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            String typo = mutate(name, kind);
            if (!typo.equals(name) && !siblings.contains(typo) && !typo.isEmpty() && !typos.contains(typo)) {
                typos.add(typo);
            }
        }
        return typos;
    }

    private String mutate(String name, int kind) {
        if (name.length() < 2) {
            return name + name;
        }
        int at = random.nextInt(name.length() - 1);
        return switch (kind) {
            case 0 -> name.substring(0, at) + name.charAt(at + 1) + name.charAt(at) + name.substring(at + 2);
            case 1 -> name.substring(0, at) + name.substring(at + 1);
            default -> name.substring(0, at + 1) + name.charAt(at) + name.substring(at + 1);
        };
    }

    /** The default as HOCON writes it. */
    private String literal(String key) {
        return reference.getIsNull(key) ? "null" : reference.getValue(key).render(ConfigRenderOptions.concise());
    }

    private String nextSecret() {
        return SECRET + "-" + Integer.toHexString(random.nextInt()) + "-" + (++secrets);
    }

    private static String quoted(String text) {
        return ConfigUtil.quoteString(text);
    }

    private static Set<String> leaves(Config config) {
        return config.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
