package org.aqlake.job;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the docs from citing what the repository does not have: every relative link (and its anchor),
 * every repository path in backticks, every path in a file table, and every {@code .md} file a doc or a
 * pom names. Generated folders ({@code target/}, {@code .data/}) and patterns ({@code *}, {@code <…>}) are
 * skipped: they are not files of the repository.
 */
class DocsLinksTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Folders that hold no docs of ours: build output, local data, installed packages, git itself. */
    static final Set<String> NOT_OURS = Set.of("target", "node_modules", ".data", ".git");

    static List<Path> docs;
    static List<Path> poms;

    @BeforeAll
    static void findTheDocsAndPoms() throws IOException {
        docs = files(".md");
        poms = files("pom.xml");
    }

    static List<Path> files(String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return NOT_OURS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(suffix)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void theDocsAreFoundWhereTheProjectKeepsThem() {
        assertThat(docs).contains(ROOT.resolve("README.md"), ROOT.resolve("job/README.md"),
                ROOT.resolve("config/README.md"), ROOT.resolve("sql/README.md"), ROOT.resolve("udfs/README.md"),
                ROOT.resolve("localstack/README.md"));
    }

    @Test
    void everyRelativeLinkAndAnchorInTheDocsExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            problems.addAll(DocReferences.brokenLinks(ROOT, doc, read(doc)));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void everyRepositoryPathTheDocsCiteExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            problems.addAll(DocReferences.missingPaths(ROOT, doc, read(doc)));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void everyMarkdownFileTheDocsAndPomsNameExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : docs) {
            problems.addAll(DocReferences.missingMarkdownFiles(ROOT, file, read(file)));
        }
        for (Path file : poms) {
            problems.addAll(DocReferences.missingMarkdownFiles(ROOT, file, read(file)));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void theChecksFindWhatTheyLookFor() throws IOException {
        Path doc = ROOT.resolve("job/README.md");
        String text = "# Title\n\nSee [there](../sql/README.md#named-queries), [here](#title),"
                + " [gone](../sql/NOPE.md), [no anchor](../sql/README.md#no-such-section), [self](#nowhere)"
                + " and [web](https://example.com/x.md).\n\n"
                + "Run `./sql/console -f sql/queries/99_missing.sql`, read `config/local.json` and `sql/tables/*.sql`,"
                + " skip `job/target/x.jar` and `localstack/.data/s3/`.\n\n"
                + "```bash\n./bench/nope --x\n```\n\n"
                + "| path | what |\n|---|---|\n| `pom.xml` | here |\n| `src/missing/` | not here |\n\n"
                + "As DESIGN.md says, and README.md too.\n";

        assertThat(DocReferences.brokenLinks(ROOT, doc, text)).containsExactlyInAnyOrder(
                "job/README.md: link ../sql/NOPE.md", "job/README.md: link ../sql/README.md#no-such-section",
                "job/README.md: link #nowhere");
        assertThat(DocReferences.missingPaths(ROOT, doc, text)).containsExactlyInAnyOrder(
                "job/README.md: path sql/queries/99_missing.sql", "job/README.md: path bench/nope",
                "job/README.md: path src/missing/");
        assertThat(DocReferences.missingMarkdownFiles(ROOT, doc, text)).containsExactly(
                "job/README.md: names ../sql/NOPE.md", "job/README.md: names DESIGN.md");
        assertThat(DocReferences.anchors(read(ROOT.resolve("BENCHMARKS.md")))).contains("targets");
        assertThat(DocReferences.slug("Why a/b stays below 0.75")).isEqualTo("why-ab-stays-below-075");
        assertThat(DocReferences.slug("The long run (`./bench/faults`)")).isEqualTo("the-long-run-benchfaults");
    }
}
