package io.flinkstarters.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Formatting and the few statistics the tables show. */
public final class Numbers {

    private Numbers() {}

    /** 12,345 */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Seconds with two decimals, from milliseconds. */
    public static String seconds(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }

    public static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f %%", fraction * 100);
    }

    public static String bytes(double bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }

    public static double median(List<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static double min(List<? extends Number> values) {
        return sorted(values).get(0);
    }

    public static double max(List<? extends Number> values) {
        return sorted(values).get(values.size() - 1);
    }

    private static List<Double> sorted(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>();
        values.forEach(value -> sorted.add(value.doubleValue()));
        Collections.sort(sorted);
        return sorted;
    }
}
