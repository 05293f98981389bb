package io.flinkstarters.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads HOCON text as a user's {@code application.conf} file, so origins carry a real file and line. */
public final class TestConfigs {

    private TestConfigs() {}

    /** Writes {@code hocon} to {@code dir/application.conf} and loads it over the defaults with the given environment. */
    public static Config load(Path dir, String hocon, Map<String, String> environment) {
        Path file = dir.resolve("application.conf");
        try {
            Files.writeString(file, hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(file, environment);
    }

    public static Config load(Path dir, String hocon) {
        return load(dir, hocon, Map.of());
    }
}
