package io.flinkstarters.config.internal;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/** Renders HOCON values as a user wrote them: {@code 60s}, not {@code "60s"}. */
@Internal
public final class Values {

    private Values() {}

    public static String render(ConfigValue value) {
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (value.valueType() == ConfigValueType.OBJECT) {
            return value.render(ConfigRenderOptions.concise());
        }
        if (value.valueType() == ConfigValueType.LIST) {
            return ((ConfigList) value).stream().map(Values::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value.unwrapped());
    }
}
