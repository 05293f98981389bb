package io.flinkstarters.checkpoint;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The flink-s3-fs-hadoop keys the checkpoint starter sets (any {@code s3.*} key reaches S3A as
 * {@code fs.s3a.*}). flink-core has no typed options for them, so they are declared here, with every
 * spelling flink-s3-fs-hadoop reads for the same setting ({@code s3.}, {@code s3a.} and
 * {@code fs.s3a.} prefixes; {@code access-key} and {@code access.key}) as deprecated keys: the same
 * setting in {@code flink.conf}, under any spelling, is then rejected as set twice.
 */
@PublicEvolving
public final class S3Options {

    /** The prefixes flink-s3-fs-hadoop mirrors onto {@code fs.s3a.} (its S3FileSystemFactory). */
    private static final List<String> PREFIXES = List.of("s3.", "s3a.", "fs.s3a.");

    public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("s3.endpoint")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys(otherSpellings("endpoint"))
            .withDescription("S3 endpoint URL, e.g. a MinIO server.");

    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS = ConfigOptions.key("s3.path.style.access")
            .booleanType()
            .defaultValue(false)
            .withDeprecatedKeys(otherSpellings("path.style.access", "path-style-access"))
            .withDescription("Address buckets as endpoint/bucket instead of bucket.endpoint.");

    public static final ConfigOption<String> ACCESS_KEY = ConfigOptions.key("s3.access-key")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys(otherSpellings("access-key", "access.key"))
            .withDescription("S3 access key.");

    public static final ConfigOption<String> SECRET_KEY = ConfigOptions.key("s3.secret-key")
            .stringType()
            .noDefaultValue()
            .withDeprecatedKeys(otherSpellings("secret-key", "secret.key"))
            .withDescription("S3 secret key.");

    private S3Options() {}

    /** Every spelling of a setting but the first (the option's own key). */
    private static String[] otherSpellings(String... names) {
        return Stream.of(names)
                .flatMap(name -> PREFIXES.stream().map(prefix -> prefix + name))
                .skip(1)
                .toArray(String[]::new);
    }
}
