package io.flinkstarters.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A Prometheus endpoint on loopback (Flink's Prometheus reporter, enabled with
 * {@code flink.metrics.prometheus}), read the way Prometheus scrapes it: the text exposition format,
 * parsed into samples.
 *
 * <pre>{@code
 * PrometheusEndpoint prometheus = new PrometheusEndpoint(port);
 * double restarts = PrometheusEndpoint.sum(prometheus.scrape(), "flink_jobmanager_job_numRestarts", Map.of("job_id", job.toString()));
 * }</pre>
 */
@PublicEvolving
public final class PrometheusEndpoint {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    public PrometheusEndpoint(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** A port that was free a moment ago, for a reporter the test starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of the exposition format: a metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Whether every given label has the given value. */
        public boolean matches(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
        }
    }

    /** Every sample the endpoint serves now. */
    public List<Sample> scrape() {
        String text;
        try {
            text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("could not scrape " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + uri, e);
        }
        return parse(text);
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(
                            label.group(1),
                            label.group(2)
                                    .replace("\\\"", "\"")
                                    .replace("\\n", "\n")
                                    .replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), Double.parseDouble(sample.group(3))));
        }
        return samples;
    }

    /** The samples of one metric whose labels include the given ones. */
    public static List<Sample> select(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.matches(labels))
                .toList();
    }

    /** The sum over the samples of one metric whose labels include the given ones (e.g. over subtasks). */
    public static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return select(samples, name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
