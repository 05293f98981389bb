package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Both real sides: s3proxy serving, and Flink's own s3:// file system (flink-s3-fs-hadoop) talking to it. */
class ObjectStoreITCase {

    /** What "fails reasonably fast" means for a write against a stopped store; S3A's defaults take minutes. */
    private static final Duration OUTAGE_FAILURE_BOUND = Duration.ofSeconds(15);

    private static ObjectStore store;

    @BeforeAll
    static void startStore() throws Exception {
        long started = System.nanoTime();
        store = ObjectStore.start("testkit-bucket");
        System.out.printf(
                "ObjectStore.start() took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        // JVM-global, as a MiniCluster test would do it: the S3 options reach S3A only through initialize.
        FileSystem.initialize(Configuration.fromMap(store.flinkS3Options()), null);
    }

    @AfterAll
    static void closeStore() {
        FileSystem.initialize(new Configuration(), null);
        store.close();
    }

    @Test
    void describesItselfForFlink() {
        assertThat(store.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(store.bucket()).isEqualTo("testkit-bucket");
        assertThat(store.uri("checkpoints/job")).isEqualTo("s3://testkit-bucket/checkpoints/job");
        assertThat(store.uri("/checkpoints")).isEqualTo("s3://testkit-bucket/checkpoints");
        assertThat(store.flinkS3Options())
                .containsEntry("s3.endpoint", store.endpoint())
                .containsEntry("s3.path.style.access", "true")
                .containsEntry("s3.access-key", store.accessKey())
                .containsEntry("s3.secret-key", store.secretKey());
        assertThatThrownBy(() -> ObjectStore.start("Not_A_Bucket")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flinkFileSystemWritesReadsListsAndDeletes() throws Exception {
        Path probe = new Path(store.uri("probe/x"));
        FileSystem fs = probe.getFileSystem();
        assertThat(fs.getClass().getName()).contains("s3");

        write(probe, "hello s3");

        assertThat(read(probe)).isEqualTo("hello s3");
        assertThat(fs.exists(probe)).isTrue();
        FileStatus[] listed = fs.listStatus(new Path(store.uri("probe")));
        assertThat(Arrays.stream(listed).map(status -> status.getPath().getName()))
                .containsExactly("x");
        assertThat(fs.delete(probe, false)).isTrue();
        assertThat(fs.exists(probe)).isFalse();
    }

    @Test
    void stoppedStoreFailsWritesWithinSecondsAndResumesOnTheSamePortWithItsData() throws Exception {
        Path before = new Path(store.uri("outage/before"));
        write(before, "written before the outage");
        int port = URI.create(store.endpoint()).getPort();

        long failed;
        store.stop();
        try {
            assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);

            long started = System.nanoTime();
            assertThatThrownBy(() -> write(new Path(store.uri("outage/during")), "lost"))
                    .isInstanceOf(IOException.class);
            failed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("A write against the stopped store failed after %d ms%n", failed);
        } finally {
            store.resume();
        }

        assertThat(failed).isLessThan(OUTAGE_FAILURE_BOUND.toMillis());
        assertThat(URI.create(store.endpoint()).getPort()).isEqualTo(port);
        connect(port);
        assertThat(read(before)).isEqualTo("written before the outage");
        Path after = new Path(store.uri("outage/after"));
        write(after, "written after the outage");
        assertThat(read(after)).isEqualTo("written after the outage");
    }

    @Test
    void outageLastsUntilClosed() throws Exception {
        int port = URI.create(store.endpoint()).getPort();

        ObjectStore.Outage outage = store.outage();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        outage.close();

        connect(port);
    }

    /**
     * flink-s3-fs-hadoop is declared before s3proxy in this module, so the application class loader's
     * Guava is its bundled Guava 27, which lacks {@code ImmutableMap.Builder.buildOrThrow} that s3proxy
     * calls. The store runs all the same because s3proxy has its own loader.
     */
    @Test
    void s3proxyRunsInItsOwnClassLoaderWithItsOwnGuava() throws Exception {
        ClassLoader application = ObjectStoreITCase.class.getClassLoader();
        ClassLoader isolated = store.serverClassLoader();

        Class<?> appImmutableMap = Class.forName("com.google.common.collect.ImmutableMap", false, application);
        Class<?> isolatedImmutableMap = Class.forName("com.google.common.collect.ImmutableMap", false, isolated);
        String appGuava = jarOf(appImmutableMap);
        String isolatedGuava = jarOf(isolatedImmutableMap);
        System.out.printf(
                "Application class loader: ImmutableMap from %s (has buildOrThrow: %s)%n",
                appGuava, hasBuildOrThrow(application));
        System.out.printf(
                "s3proxy's class loader:   ImmutableMap from %s (has buildOrThrow: %s)%n",
                isolatedGuava, hasBuildOrThrow(isolated));

        assertThat(Class.forName("org.gaul.s3proxy.S3Proxy", false, isolated).getClassLoader())
                .isSameAs(isolated);
        assertThat(isolatedImmutableMap.getClassLoader()).isSameAs(isolated);
        assertThat(isolatedGuava).contains("guava-").doesNotContain("flink-s3-fs-hadoop");
        assertThat(hasBuildOrThrow(isolated)).isTrue();
        assertThat(((URLClassLoader) isolated).getURLs())
                .noneMatch(url -> url.getPath().contains("flink-s3-fs-hadoop"));
        assertThat(isolated.getResource("org/apache/flink/fs/s3hadoop/S3FileSystemFactory.class"))
                .isNull();
        // The trap this isolation exists for is live in this build: without it, s3proxy would fail.
        assertThat(appGuava)
                .as(
                        "testkit/pom.xml declares flink-s3-fs-hadoop before s3proxy, the order that breaks s3proxy unless isolated")
                .contains("flink-s3-fs-hadoop");
        assertThat(hasBuildOrThrow(application)).isFalse();
        // Logging is shared, so s3proxy logs through the test's own binding.
        assertThat(Class.forName("org.slf4j.LoggerFactory", false, isolated)).isSameAs(LoggerFactory.class);
    }

    @Test
    void closeIsIdempotent() throws Exception {
        ObjectStore second = ObjectStore.start("second-bucket");
        int port = URI.create(second.endpoint()).getPort();

        ClassLoader isolated = second.serverClassLoader();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(thread -> thread.getContextClassLoader() == isolated);
        second.close();
        second.close();

        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        assertThat(Thread.getAllStackTraces().keySet())
                .as("threads s3proxy or jclouds left running")
                .noneMatch(thread -> thread.getContextClassLoader() == isolated);
        assertThatThrownBy(second::resume)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static void write(Path path, String content) throws IOException {
        try (OutputStream out = path.getFileSystem().create(path, WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(Path path) throws IOException {
        try (InputStream in = path.getFileSystem().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }

    private static boolean hasBuildOrThrow(ClassLoader loader) throws ClassNotFoundException {
        List<String> methods = Arrays.stream(
                        Class.forName("com.google.common.collect.ImmutableMap$Builder", false, loader)
                                .getMethods())
                .map(Method::getName)
                .collect(Collectors.toList());
        return methods.contains("buildOrThrow");
    }

    private static String jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? "(unknown)" : source.getLocation().getPath();
    }
}
