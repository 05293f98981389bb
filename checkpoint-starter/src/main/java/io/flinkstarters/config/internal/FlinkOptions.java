package io.flinkstarters.config.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MemorySize;

/**
 * The options Flink declares on this class path, found the way Flink's own documentation generator
 * finds them: every public static {@link ConfigOption} of the {@code org.apache.flink} classes whose
 * name ends in {@code Options}. A pass-through value for one of them must parse as its type, since
 * Flink would refuse it only when the job starts.
 */
@Internal
public final class FlinkOptions {

    /** An option Flink declares, with the type its value must parse as. */
    public record Known(ConfigOption<?> option, Type valueType) {

        /** Whether Flink can read {@code value} for this option. */
        public boolean accepts(String value) {
            try {
                Configuration.fromMap(Map.of(option.key(), value)).get(option);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** What Flink accepts, completing "must be ...". */
        public String allowed() {
            return describe(valueType);
        }
    }

    /**
     * Key families Flink passes on without declaring each key (file system plugins, reporters, Hadoop)
     * or whose options live in jars a job's class path may lack: unknown keys there are not reported.
     */
    private static final List<String> UNDECLARED_FAMILIES = List.of(
            "s3.",
            "s3a.",
            "fs.",
            "gs.",
            "oss.",
            "azure.",
            "presto.",
            "hadoop.",
            "flink.hadoop.",
            "metrics.reporter.",
            "external-resource.",
            "kubernetes.",
            "yarn.",
            "table.",
            "sql-gateway.",
            "python.",
            "state.backend.rocksdb.",
            "state.backend.forst.");

    private static volatile Map<String, Known> known;

    private FlinkOptions() {}

    /** The option Flink declares for a key (or one of its deprecated spellings). */
    public static Optional<Known> find(String key) {
        return Optional.ofNullable(all().get(key));
    }

    /** Every key Flink declares on this class path (deprecated spellings included), with its option. */
    public static Map<String, Known> declared() {
        return all();
    }

    /** Whether the key belongs to a family Flink does not declare key by key. */
    public static boolean isUndeclaredFamily(String key) {
        return UNDECLARED_FAMILIES.stream().anyMatch(key::startsWith);
    }

    /** The declared key a typo away from {@code key}, if any. */
    public static Optional<String> typoOf(String key) {
        return all().keySet().stream()
                .filter(candidate -> Math.abs(candidate.length() - key.length()) <= 2)
                .filter(candidate -> KeyCheck.distance(candidate, key) <= 2)
                .min((left, right) -> Integer.compare(KeyCheck.distance(left, key), KeyCheck.distance(right, key)));
    }

    private static Map<String, Known> all() {
        Map<String, Known> found = known;
        if (found == null) {
            synchronized (FlinkOptions.class) {
                found = known;
                if (found == null) {
                    found = Collections.unmodifiableMap(scan(classLoader()));
                    known = found;
                }
            }
        }
        return found;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FlinkOptions.class.getClassLoader();
    }

    private static Map<String, Known> scan(ClassLoader loader) {
        Map<String, Known> options = new TreeMap<>();
        for (String className : optionClassNames(loader)) {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ReflectiveOperationException | LinkageError e) {
                continue; // An options class whose dependencies are missing declares nothing usable here.
            }
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                    register(field, options);
                }
            }
        }
        return options;
    }

    private static void register(Field field, Map<String, Known> options) {
        ConfigOption<?> option;
        try {
            option = (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException | RuntimeException e) {
            return;
        }
        if (option == null) {
            return;
        }
        Type valueType = field.getGenericType() instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0]
                : Object.class;
        Known entry = new Known(option, valueType);
        options.putIfAbsent(option.key(), entry);
        for (FallbackKey fallback : option.fallbackKeys()) {
            options.putIfAbsent(fallback.getKey(), entry);
        }
    }

    private static Set<String> optionClassNames(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources("org/apache/flink/");
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("jar".equals(root.getProtocol())) {
                    names.addAll(fromJar(root));
                } else if ("file".equals(root.getProtocol())) {
                    names.addAll(fromDirectory(
                            Paths.get(root.toURI()).getParent().getParent().getParent()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static Set<String> fromJar(URL root) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            return jar.stream()
                    .map(JarEntry::getName)
                    .filter(FlinkOptions::isOptionsClass)
                    .map(FlinkOptions::className)
                    .collect(Collectors.toSet());
        }
    }

    private static Set<String> fromDirectory(Path classes) throws IOException {
        Path flink = classes.resolve("org/apache/flink");
        try (Stream<Path> files = Files.walk(flink)) {
            return files.map(file -> classes.relativize(file).toString().replace('\\', '/'))
                    .filter(FlinkOptions::isOptionsClass)
                    .map(FlinkOptions::className)
                    .collect(Collectors.toSet());
        }
    }

    private static boolean isOptionsClass(String entry) {
        return entry.startsWith("org/apache/flink/") && entry.endsWith("Options.class") && !entry.contains("$");
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    static String describe(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            if (raw == List.class) {
                return "a list of " + plural(parameterized.getActualTypeArguments()[0]) + " separated by ;";
            }
            if (raw == Map.class) {
                return "key:value pairs separated by ,";
            }
            return "a " + ((Class<?>) raw).getSimpleName();
        }
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 30 s, 500 ms or 1 min";
        }
        if (type == MemorySize.class) {
            return "a memory size such as 64 mb or 1 gb";
        }
        if (type instanceof Class<?> constants && constants.isEnum()) {
            return "one of "
                    + Arrays.stream(constants.getEnumConstants())
                            .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        return "a " + (type instanceof Class<?> plain ? plain.getSimpleName() : type.getTypeName());
    }

    private static String plural(Type element) {
        String single = describe(element);
        return single.startsWith("a ") ? single.substring(2) + "s" : single;
    }
}
