package io.flinkstarters.config.internal;

import io.flinkstarters.config.Secret;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/** Masks what may be a credential in text the starters print. */
@Internal
public final class Redaction {

    /** The user-info of a URI: {@code http://user:password@host} or {@code s3://key:secret@bucket}. */
    private static final Pattern USER_INFO = Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]+@");

    private Redaction() {}

    /** The text with the user-info of every URI in it masked: {@code http://******@host:9000}. */
    public static String maskUserInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1" + Secret.MASK + "@");
    }

    /** Whether the text holds a URI with user-info (credentials). */
    public static boolean hasUserInfo(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }
}
