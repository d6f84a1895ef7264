package org.aqlake.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The charter's limit on the size of a file in src/main, checked on the job's sources. */
class SourceFileSizeTest {

    private static final int MAX_LINES = 400;
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void noSourceFileOfTheJobIsLongerThanFourHundredLines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(MAIN)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> f + " (" + lines(f) + " lines)")
                    .collect(Collectors.toList());
        }
        assertThat(Files.isDirectory(MAIN)).isTrue();
        assertThat(tooLong).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
