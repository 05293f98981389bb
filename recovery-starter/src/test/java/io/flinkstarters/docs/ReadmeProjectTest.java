package io.flinkstarters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Use it" section must be enough on its own: {@code examples/quick-start} (which the build compiles
 * and whose contract it runs, see testkit/pom.xml) holds nothing that section does not show. Every file there is a
 * snippet of the section (DocumentationTest keeps each snippet equal to its file), except the pom, which is the
 * section's pom block inside a bare project skeleton.
 */
class ReadmeProjectTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String PROJECT = "examples/quick-start";
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#([\\w-]+))? -->");
    /** What a pom may hold outside the README's block: coordinates, and comments saying why the file exists. */
    private static final Pattern SKELETON =
            Pattern.compile("<\\?xml[^>]*\\?>\\s*<project[^>]*>\\s*<modelVersion>4\\.0\\.0</modelVersion>\\s*"
                    + "<groupId>[^<]+</groupId>\\s*<artifactId>[^<]+</artifactId>\\s*<version>[^<]+</version>\\s*"
                    + "</project>\\s*");

    @Test
    void readmeShowsEveryFileOfTheQuickStartProject() throws IOException {
        assertThat(notShown(ROOT.resolve(PROJECT), PROJECT, useItSection(Files.readString(ROOT.resolve("README.md")))))
                .as("what " + PROJECT + " holds beyond README.md's \"Use it\" section")
                .isEmpty();
    }

    /** The negative control: an extra file, a file shown only in part, and a pom with more than the block. */
    @Test
    void namesWhatTheReadmeDoesNotShow(@TempDir Path project) throws IOException {
        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("src/main/java/Job.java"), "class Job {}\n");
        Files.writeString(project.resolve("src/main/java/Helper.java"), "class Helper {}\n");
        Files.writeString(project.resolve("Partly.java"), "// tag::part[]\n// end::part[]\n");
        Files.writeString(project.resolve("pom.xml"), """
                <?xml version="1.0"?>
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId>
                <version>1</version>
                <!-- tag::use-it[] --><dependencies/><!-- end::use-it[] -->
                <build/>
                </project>
                """);
        String section = """
                <!-- snippet: p/pom.xml#use-it -->
                <!-- snippet: p/src/main/java/Job.java -->
                <!-- snippet: p/Partly.java#part -->
                """;

        assertThat(notShown(project, "p", section))
                .containsExactlyInAnyOrder(
                        "p/src/main/java/Helper.java: not shown",
                        "p/Partly.java: shown only in part (#part)",
                        "p/pom.xml: holds more than README's block inside a bare project skeleton");
    }

    private static List<String> notShown(Path project, String name, String section) throws IOException {
        Set<String> whole = new TreeSet<>();
        List<String> partly = new ArrayList<>();
        Matcher snippet = SNIPPET.matcher(section);
        while (snippet.find()) {
            if (snippet.group(2) == null) {
                whole.add(snippet.group(1));
            } else {
                partly.add(snippet.group(1) + "#" + snippet.group(2));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String file : files(project, name)) {
            if (file.equals(name + "/pom.xml")) {
                if (!partly.contains(file + "#use-it")) {
                    problems.add(file + ": README does not show its use-it block");
                } else if (!isSkeleton(outsideUseIt(Files.readString(project.resolve("pom.xml"))))) {
                    problems.add(file + ": holds more than README's block inside a bare project skeleton");
                }
            } else if (!whole.contains(file)) {
                problems.add(partly.stream()
                        .filter(part -> part.startsWith(file + "#"))
                        .findFirst()
                        .map(part -> file + ": shown only in part (" + part.substring(file.length()) + ")")
                        .orElse(file + ": not shown"));
            }
        }
        return problems;
    }

    private static String useItSection(String readme) {
        int start = readme.indexOf("\n## Use it\n");
        assertThat(start).as("README.md has a \"## Use it\" section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    private static String outsideUseIt(String pom) {
        return pom.replaceAll("(?s)<!-- tag::use-it\\[] -->.*<!-- end::use-it\\[] -->", "");
    }

    private static boolean isSkeleton(String pom) {
        return SKELETON.matcher(pom.replaceAll("(?s)<!--.*?-->", "")).matches();
    }

    private static List<String> files(Path project, String name) throws IOException {
        try (Stream<Path> walk = Files.walk(project)) {
            return walk.filter(Files::isRegularFile)
                    .map(file -> project.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> !file.startsWith("target/"))
                    .map(file -> name + "/" + file)
                    .sorted()
                    .toList();
        }
    }
}
