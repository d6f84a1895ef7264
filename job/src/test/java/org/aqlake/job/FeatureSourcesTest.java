package org.aqlake.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The half of {@link ArchitectureTest} that bytecode cannot show: javac copies a constant such as an
 * operator uid into the class that reads it, so a feature package could use {@code OperatorUids} or an
 * option key of {@code config} and leave no trace in its classes. Its sources still name them.
 */
class FeatureSourcesTest {

    static final Path JOB = Path.of("src", "main", "java", "org", "aqlake", "job");
    /** The config package, or a class of the root package (a capital after {@code job.}). */
    static final Pattern CONFIG_OR_ROOT = Pattern.compile("org\\.aqlake\\.job\\.(config\\.|[A-Z])");

    @ParameterizedTest
    @ValueSource(strings = {"decode", "dedup", "consent", "aggregate", "sink", "source", "model", "metrics", "backfill"})
    void aFeaturePackageNamesNeitherTheConfigNorTheRootPackage(String feature) throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(JOB.resolve(feature))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
        }

        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            List<String> naming = Files.readAllLines(source).stream()
                    .filter(line -> CONFIG_OR_ROOT.matcher(line).find())
                    .collect(Collectors.toList());
            assertThat(naming).as(source.toString()).isEmpty();
        }
    }
}
