package io.flinkstarters.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseLayoutTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Set by the release profile, which alone makes SBOMs. */
    private static final boolean SBOMS = Boolean.getBoolean("release-layout.sbom");

    @Test
    void everyPublishedModuleShipsWhatMavenCentralRequires() throws IOException {
        assertThat(ReleaseLayout.problems(ROOT, SBOMS))
                .as("release layout of the packaged modules" + (SBOMS ? ", with SBOMs" : ""))
                .isEmpty();
    }

    /** The negative control: a tree with one flaw of each kind is reported flaw by flaw. */
    @Test
    void namesEachFlawOfABrokenLayout(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("LICENSE"), "Apache-2.0");
        pom(root, "", "<modules><module>bom</module><module>lib</module><module>bench</module></modules>");
        pom(root, "bench", "<properties><maven.deploy.skip>true</maven.deploy.skip></properties>");
        pom(root, "bom", "");
        pom(root, "lib", "");
        flattened(
                root,
                "bom",
                "flink-starters-bom",
                "<packaging>pom</packaging>" + METADATA
                        + "<dependencyManagement><dependencies></dependencies></dependencyManagement><build/>");
        flattened(root, "lib", "lib", "<name>lib</name><url>u</url><scm><url>u</url></scm>");
        Path target = root.resolve("lib/target");
        jar(target.resolve("lib-1.0.jar"), "a/A.class", "a/A$Inner.class", "a/B.class");
        jar(target.resolve("lib-1.0-sources.jar"), "a/A.java");
        Files.writeString(target.resolve("bom.json"), "{\"metadata\":{\"component\":{\"purl\":\"pkg:maven/x/y@2\"}}}");

        assertThat(ReleaseLayout.problems(root, true))
                .containsExactlyInAnyOrder(
                        "NOTICE: missing at the root of the repository",
                        "lib: published pom lacks <description>",
                        "lib: published pom lacks <licenses/license/name>",
                        "lib: published pom lacks <developers/developer/name>",
                        "lib: published pom lacks <scm/connection>",
                        "lib: no lib/target/lib-1.0-javadoc.jar",
                        "lib: sources jar lacks [a/B.java]",
                        "lib: lib/target/bom.json does not describe pkg:maven/io.flinkstarters/lib@1.0?type=jar",
                        "bom: published BOM carries a <build> section",
                        "bom: BOM does not list published lib");
    }

    private static final String METADATA = "<name>n</name><description>d</description><url>u</url>"
            + "<licenses><license><name>Apache-2.0</name></license></licenses>"
            + "<developers><developer><name>n</name></developer></developers>"
            + "<scm><url>u</url><connection>c</connection></scm>";

    private static void pom(Path root, String module, String body) throws IOException {
        Path dir = Files.createDirectories(root.resolve(module));
        Files.writeString(dir.resolve("pom.xml"), "<project>" + body + "</project>");
    }

    private static void flattened(Path root, String module, String artifactId, String body) throws IOException {
        Path target = Files.createDirectories(root.resolve(module).resolve("target"));
        Files.writeString(
                target.resolve(".flattened-pom.xml"),
                "<project><groupId>io.flinkstarters</groupId><artifactId>" + artifactId
                        + "</artifactId><version>1.0</version>" + body + "</project>");
    }

    private static void jar(Path file, String... entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.closeEntry();
            }
        }
    }
}
