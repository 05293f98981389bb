package io.flinkstarters.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.config.internal.FlinkOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Raw Flink keys under {@value #PATH}, passed through untouched so the starters never block a setting
 * they do not model.
 *
 * <p>Both spellings work: {@code flink.conf { "pipeline.max-parallelism" = 128 }} and the nested
 * {@code flink.conf { pipeline.max-parallelism = 128 }}. A key that a starter models (including
 * Flink's deprecated aliases, such as {@code state.checkpoints.dir}) is a problem: the same Flink
 * option set in two places would make one of them silently lose.
 */
@PublicEvolving
public final class FlinkConfPassThrough {

    /** Where raw Flink keys go in HOCON. */
    public static final String PATH = "flink.conf";

    private FlinkConfPassThrough() {}

    /**
     * The raw keys and values, with problems recorded in the reader: a key the starters model, a value
     * Flink cannot read for the option it declares under that key, and an unknown key a typo away
     * from one Flink declares (a typo, reported like unknown starter keys). Other keys Flink does not
     * declare on this class path are passed through with a warning, since a plugin may read them.
     *
     * @param modeled the starters' settings tables: the Flink options they set, each with its HOCON key
     */
    public static Map<String, String> read(ConfigReader reader, SettingsTable modeled) {
        Map<String, String> raw = new LinkedHashMap<>();
        Optional<ConfigObject> block = reader.block(PATH);
        if (block.isEmpty()) {
            return raw; // Absent, or given a single value: ConfigReader.checkUnknownKeys reports that.
        }
        Map<String, String> ownerByFlinkKey = modeled.ownerByFlinkKey();
        flatten(block.get(), List.of(), (segments, value) -> {
            String flinkKey = String.join(".", segments);
            List<String> hoconSegments = new ArrayList<>(ConfigUtil.splitPath(PATH));
            hoconSegments.addAll(segments);
            String hoconKey = ConfigUtil.joinPath(hoconSegments);
            String owner = ownerByFlinkKey.get(flinkKey);
            if (owner != null) {
                reader.reject(
                        hoconKey,
                        "sets the Flink option " + flinkKey + ", which " + owner
                                + " already controls; set it there, in one place");
                return;
            }
            Optional<FlinkOptions.Known> known = FlinkOptions.find(flinkKey);
            if (known.isPresent() && !known.get().accepts(value)) {
                reader.reject(
                        hoconKey,
                        "must be " + known.get().allowed() + ": Flink reads it as its option " + flinkKey
                                + " and would refuse the job otherwise");
            } else if (known.isEmpty() && !FlinkOptions.isUndeclaredFamily(flinkKey)) {
                Optional<String> typoOf = FlinkOptions.typoOf(flinkKey);
                if (typoOf.isPresent()) {
                    reader.rejectUnknown(
                            hoconKey,
                            "is not an option Flink knows; did you mean " + PATH + ".\"" + typoOf.get() + "\"?");
                } else {
                    reader.warn(
                            hoconKey,
                            "is not an option Flink declares on this class path; passed on as is (check the spelling,"
                                    + " or that the plugin reading it is installed)");
                }
                raw.put(flinkKey, value);
            } else {
                raw.put(flinkKey, value);
            }
        });
        return raw;
    }

    private interface LeafVisitor {
        void visit(List<String> segments, String value);
    }

    private static void flatten(ConfigObject object, List<String> parent, LeafVisitor visitor) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> segments = new ArrayList<>(parent);
            segments.add(entry.getKey());
            ConfigValue value = entry.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                flatten((ConfigObject) value, segments, visitor);
            } else if (value.valueType() != ConfigValueType.NULL) {
                visitor.visit(segments, flinkValue(value));
            }
        }
    }

    /** Flink's own string form: lists are separated by {@code ;}. */
    private static String flinkValue(ConfigValue value) {
        if (value.valueType() == ConfigValueType.LIST) {
            return StreamSupport.stream(((ConfigList) value).spliterator(), false)
                    .map(FlinkConfPassThrough::flinkValue)
                    .collect(Collectors.joining(";"));
        }
        return String.valueOf(value.unwrapped());
    }
}
