package org.aqlake.udfs.crime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The two real copies in {@code ../shared/data/crime/} (data/README.md): every data line is a typed row or a
 * dead letter, whether the file comes as one batch or in batches of lines.
 */
class CrimeCsvRealDataTest {

    static final Path CRIME = Path.of("..", "..", "shared", "data", "crime");
    static final Path WITH_HEADER = CRIME.resolve("SacramentocrimeJanuary2006.csv");
    static final Path CR_NO_HEADER = CRIME.resolve("variant_cr_noheader").resolve("SacramentocrimeJanuary2006.csv");
    static final int DATA_LINES = 7_358;
    static final int VARIANT_LINES = 1_000;
    static final int BATCH = 500;

    @Test
    void theSharedCopyGivesARowForEveryLineButItsTruncatedLast() throws IOException {
        List<CrimeLine> lines = CrimeCsv.parse(Files.readAllBytes(WITH_HEADER));

        assertThat(lines).hasSize(DATA_LINES);
        List<CrimeLine> dead = lines.stream().filter(l -> l.row.isEmpty()).collect(Collectors.toList());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).lineNumber).isEqualTo(DATA_LINES + 1);
        assertThat(dead.get(0).line).endsWith(",-121.");
        assertThat(lines.stream().filter(l -> l.row.isPresent()).map(l -> l.row.get().cdatetime.getYear()))
                .containsOnly(2006);
        assertThat(lines.stream().filter(l -> l.row.isPresent()))
                .allMatch(l -> l.row.get().beat.map(b -> !b.isBlank() && b.equals(b.trim())).orElse(true))
                .allMatch(l -> l.row.get().coordinates.isPresent());
    }

    @Test
    void theCrVariantWithoutAHeaderGivesARowForEveryLine() throws IOException {
        List<CrimeLine> lines = CrimeCsv.parse(Files.readAllBytes(CR_NO_HEADER));

        assertThat(lines).hasSize(VARIANT_LINES).allMatch(l -> l.row.isPresent());
    }

    @Test
    void batchesOfLinesGiveWhatTheWholeFileGives() throws IOException {
        String[] all = Files.readString(WITH_HEADER).split("\r\n|\r|\n");
        List<String> outcomes = new ArrayList<>();
        for (int from = 0; from < all.length; from += BATCH) {
            String batch = String.join("\n", Arrays.copyOfRange(all, from, Math.min(all.length, from + BATCH)));
            CrimeCsv.parse(batch).forEach(l -> outcomes.add(l.line + " -> " + l.errorType.orElse("row")));
        }

        assertThat(outcomes).containsExactlyElementsOf(CrimeCsv.parse(Files.readAllBytes(WITH_HEADER)).stream()
                .map(l -> l.line + " -> " + l.errorType.orElse("row")).collect(Collectors.toList()));
    }
}
