package io.flinkstarters.config.internal;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * Renders HOCON values as a user wrote them: {@code 60s}, not {@code "60s"}. A block renders as
 * {@code {...}}: its content could hold anything, credentials included.
 */
@Internal
public final class Values {

    private Values() {}

    public static String render(ConfigValue value) {
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (value.valueType() == ConfigValueType.OBJECT) {
            return "{...}";
        }
        if (value.valueType() == ConfigValueType.LIST) {
            return ((ConfigList) value).stream().map(Values::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value.unwrapped());
    }
}
