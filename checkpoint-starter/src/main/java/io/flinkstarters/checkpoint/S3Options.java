package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The flink-s3-fs-hadoop keys the checkpoint starter sets (any {@code s3.*} key reaches S3A as
 * {@code fs.s3a.*}). flink-core has no typed options for them, so they are declared here.
 */
@PublicEvolving
public final class S3Options {

    public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("s3.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("S3 endpoint URL, e.g. a MinIO server.");

    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS = ConfigOptions.key("s3.path.style.access")
            .booleanType()
            .defaultValue(false)
            .withDescription("Address buckets as endpoint/bucket instead of bucket.endpoint.");

    public static final ConfigOption<String> ACCESS_KEY =
            ConfigOptions.key("s3.access-key").stringType().noDefaultValue().withDescription("S3 access key.");

    public static final ConfigOption<String> SECRET_KEY =
            ConfigOptions.key("s3.secret-key").stringType().noDefaultValue().withDescription("S3 secret key.");

    private S3Options() {}
}
