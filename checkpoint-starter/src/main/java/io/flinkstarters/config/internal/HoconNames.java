package io.flinkstarters.config.internal;

import java.util.Locale;
import org.apache.flink.annotation.Internal;

/** The HOCON spelling of enum constants: {@code EXACTLY_ONCE} is written {@code exactly-once}. */
@Internal
public final class HoconNames {

    private HoconNames() {}

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
