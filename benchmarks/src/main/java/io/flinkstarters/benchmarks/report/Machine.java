package io.flinkstarters.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** What the figures were measured on: they mean little without it. */
public final class Machine {

    private Machine() {}

    /** {@code 2 cores, Intel(R) Xeon(R) ..., 23 GiB RAM; OpenJDK 17.0.15 (-Xmx4g)} */
    public static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.availableProcessors() + " cores, " + cpuModel().orElse("unknown CPU") + ", "
                + memory().orElse("unknown RAM") + "; " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + " (max heap " + (runtime.maxMemory() >> 20) + " MiB)";
    }

    /** The 1-, 5- and 15-minute load averages, e.g. {@code 0.35 0.40 0.52}: others' work on a shared machine shows here. */
    public static String loadAverage() {
        return read("/proc/loadavg")
                .map(line -> String.join(" ", Arrays.copyOf(line.trim().split("\\s+"), 3)))
                .orElse("unknown");
    }

    /** The 1-minute load average, or -1 if unknown. */
    public static double oneMinuteLoad() {
        return read("/proc/loadavg")
                .map(line -> Double.parseDouble(line.trim().split("\\s+")[0]))
                .orElse(-1.0);
    }

    private static Optional<String> cpuModel() {
        return read("/proc/cpuinfo")
                .flatMap(info -> info.lines()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst());
    }

    private static Optional<String> memory() {
        return read("/proc/meminfo")
                .flatMap(info -> info.lines()
                        .filter(line -> line.startsWith("MemTotal:"))
                        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) >> 20)
                        .map(gib -> gib + " GiB RAM")
                        .findFirst());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
