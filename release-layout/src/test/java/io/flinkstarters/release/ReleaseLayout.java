package io.flinkstarters.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What a release would publish, read from a built tree (after {@code package}): every module of the root pom that
 * does not skip deploy is published, and must ship the way Maven Central wants it (SBOMs only where the release
 * profile made them). Each problem is one line that
 * names the module and what it lacks, so one run lists them all.
 */
final class ReleaseLayout {

    /** Elements Maven Central requires in every published pom. */
    private static final List<String> REQUIRED_METADATA = List.of(
            "name",
            "description",
            "url",
            "licenses/license/name",
            "developers/developer/name",
            "scm/url",
            "scm/connection");

    private static final Pattern SBOM_SUBJECT = Pattern.compile(
            "\"metadata\"\\s*:\\s*\\{.*?\"component\"\\s*:\\s*\\{.*?\"purl\"\\s*:\\s*\"([^\"]+)\"", Pattern.DOTALL);

    private final Path root;
    private final boolean sboms;
    private final List<String> problems = new ArrayList<>();

    private ReleaseLayout(Path root, boolean sboms) {
        this.root = root;
        this.sboms = sboms;
    }

    /** @param sboms whether each jar must have its SBOM (the release profile makes them) */
    static List<String> problems(Path root, boolean sboms) throws IOException {
        ReleaseLayout layout = new ReleaseLayout(root, sboms);
        layout.check();
        return layout.problems;
    }

    private void check() throws IOException {
        for (String file : List.of("LICENSE", "NOTICE")) {
            if (!Files.isRegularFile(root.resolve(file))) {
                problems.add(file + ": missing at the root of the repository");
            }
        }
        List<Published> published = new ArrayList<>();
        for (String module : childTexts(parse(root.resolve("pom.xml")), "modules", "module")) {
            if (!skipsDeploy(root.resolve(module).resolve("pom.xml"))) {
                Published artifact = published(module);
                if (artifact != null) {
                    published.add(artifact);
                }
            }
        }
        checkBom(published);
    }

    private Published published(String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        Path pom = target.resolve(".flattened-pom.xml");
        if (!Files.isRegularFile(pom)) {
            problems.add(module + ": no flattened pom " + root.relativize(pom) + " (run package first)");
            return null;
        }
        Element project = parse(pom);
        Published artifact = new Published(
                module,
                text(project, "artifactId"),
                text(project, "version"),
                text(project, "packaging").isEmpty() ? "jar" : text(project, "packaging"),
                project);

        String raw = Files.readString(pom);
        if (raw.contains("${revision}")) {
            problems.add(module + ": published pom still says ${revision}");
        }
        if (!text(project, "parent/artifactId").isEmpty()) {
            problems.add(module + ": published pom has a parent (flatten should remove it)");
        }
        for (String element : REQUIRED_METADATA) {
            if (text(project, element).isBlank()) {
                problems.add(module + ": published pom lacks <" + element + ">");
            }
        }
        if (artifact.packaging().equals("jar")) {
            checkJars(artifact, target);
        }
        return artifact;
    }

    private void checkJars(Published artifact, Path target) throws IOException {
        String base = artifact.artifactId() + "-" + artifact.version();
        Path jar = target.resolve(base + ".jar");
        Path sources = target.resolve(base + "-sources.jar");
        Path javadoc = target.resolve(base + "-javadoc.jar");
        Path sbom = target.resolve("bom.json");
        for (Path file : sboms ? List.of(jar, sources, javadoc, sbom) : List.of(jar, sources, javadoc)) {
            if (!Files.isRegularFile(file)) {
                problems.add(artifact.module() + ": no " + root.relativize(file));
            }
        }
        if (Files.isRegularFile(jar) && Files.isRegularFile(sources)) {
            Set<String> missing = topLevelClassSources(jar);
            missing.removeAll(entries(sources));
            if (!missing.isEmpty()) {
                problems.add(artifact.module() + ": sources jar lacks " + missing);
            }
        }
        if (Files.isRegularFile(javadoc) && !entries(javadoc).contains("index.html")) {
            problems.add(artifact.module() + ": javadoc jar has no index.html");
        }
        if (sboms && Files.isRegularFile(sbom)) {
            String expected =
                    "pkg:maven/io.flinkstarters/" + artifact.artifactId() + "@" + artifact.version() + "?type=jar";
            Matcher subject = SBOM_SUBJECT.matcher(Files.readString(sbom));
            if (!subject.find() || !subject.group(1).equals(expected)) {
                problems.add(artifact.module() + ": " + root.relativize(sbom) + " does not describe " + expected);
            }
        }
    }

    private void checkBom(List<Published> published) {
        List<Published> boms = published.stream()
                .filter(artifact -> child(artifact.pom(), "dependencyManagement") != null)
                .toList();
        if (boms.size() != 1) {
            problems.add("exactly one published BOM expected, found "
                    + boms.stream().map(Published::module).toList());
            return;
        }
        Published bom = boms.get(0);
        if (child(bom.pom(), "build") != null) {
            problems.add(bom.module() + ": published BOM carries a <build> section");
        }
        Set<String> listed = new TreeSet<>();
        Element dependencies = child(child(bom.pom(), "dependencyManagement"), "dependencies");
        for (Element dependency : children(dependencies, "dependency")) {
            if (text(dependency, "groupId").equals("io.flinkstarters")) {
                listed.add(text(dependency, "artifactId"));
            }
        }
        for (Published artifact : published) {
            if (artifact != bom && !listed.contains(artifact.artifactId())) {
                problems.add(bom.module() + ": BOM does not list published " + artifact.artifactId());
            }
        }
    }

    /** {@code a/B.class} becomes {@code a/B.java}; nested classes live in their outer class's file. */
    private static Set<String> topLevelClassSources(Path jar) throws IOException {
        return entries(jar).stream()
                .filter(name -> name.endsWith(".class") && !name.contains("$"))
                .map(name -> name.substring(0, name.length() - ".class".length()) + ".java")
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> entries(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }

    private static boolean skipsDeploy(Path pom) throws IOException {
        return text(parse(pom), "properties/maven.deploy.skip").equals("true");
    }

    private static Element parse(Path pom) throws IOException {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(pom.toFile())
                    .getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + pom, e);
        }
    }

    /** The text at a slash-separated path of child elements, or "" where there is none. */
    private static String text(Element element, String path) {
        Element current = element;
        for (String name : path.split("/")) {
            current = child(current, name);
            if (current == null) {
                return "";
            }
        }
        return current.getTextContent().trim();
    }

    private static List<String> childTexts(Element element, String parent, String name) {
        return children(child(element, parent), name).stream()
                .map(child -> child.getTextContent().trim())
                .toList();
    }

    private static Element child(Element element, String name) {
        List<Element> found = children(element, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element element, String name) {
        List<Element> found = new ArrayList<>();
        if (element == null) {
            return found;
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                found.add(child);
            }
        }
        return found;
    }

    private record Published(String module, String artifactId, String version, String packaging, Element pom) {}
}
