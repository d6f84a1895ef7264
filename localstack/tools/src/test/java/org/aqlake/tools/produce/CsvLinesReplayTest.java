package org.aqlake.tools.produce;

import org.aqlake.udfs.crime.CrimeCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CsvLinesReplayTest {

    static final Path CRIME = Path.of("..", "..", "..", "shared", "data", "crime");
    static final String HEADER = "cdatetime,address,district,beat,grid,crimedescr,ucr_ncic_code,latitude,longitude";
    static final int CRIME_ROWS = 7_358;
    static final int VARIANT_ROWS = 1_000;

    @TempDir
    Path dir;

    static List<String> replay(Path file, int lines, CsvLinesReplay.Header header) throws IOException {
        List<String> out = new ArrayList<>();
        try (RecordSource s = ReplayFile.open(file, ReplayFile.Format.CSV_LINES, lines, header)) {
            s.forEachRemaining(r -> out.add(new String(r.data, StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void eachRecordHoldsItsLinesByteForByteAfterTheRepeatedHeader() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), HEADER + "\r\na\r\nb\r\n\r\nc");

        assertThat(replay(f, 2, CsvLinesReplay.Header.AUTO))
                .containsExactly(HEADER + "\r\na\r\nb\r\n", HEADER + "\r\nc");
    }

    @Test
    void crAloneEndsALineAndAFileWithoutHeaderSendsNone() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), "1,a\r2,b\r3,c");

        assertThat(replay(f, 2, CsvLinesReplay.Header.AUTO)).containsExactly("1,a\r2,b\r", "3,c");
    }

    @Test
    void theRealFilesSendEveryRowOnceAndTheTruncatedLastLineAsItIs() throws IOException {
        Path shared = CRIME.resolve("SacramentocrimeJanuary2006.csv");
        List<String> records = replay(shared, 100, CsvLinesReplay.Header.AUTO);

        assertThat(records).hasSize((CRIME_ROWS + 99) / 100).allMatch(r -> r.startsWith(HEADER + "\n"));
        List<String> rows = records.stream().flatMap(r -> r.lines().skip(1)).collect(Collectors.toList());
        assertThat(rows).hasSize(CRIME_ROWS).doesNotContain(HEADER);
        assertThat(rows.get(rows.size() - 1)).endsWith(",-121.");

        Path variant = CRIME.resolve("variant_cr_noheader").resolve("SacramentocrimeJanuary2006.csv");
        try (CsvLinesReplay s = (CsvLinesReplay) ReplayFile.open(variant, ReplayFile.Format.CSV_LINES, 300,
                CsvLinesReplay.Header.AUTO)) {
            List<ProducerRecord> sent = new ArrayList<>();
            s.forEachRemaining(sent::add);
            assertThat(s.hasHeader()).isFalse();
            assertThat(s.rows()).isEqualTo(VARIANT_ROWS);
            assertThat(sent).hasSize(4).allMatch(r -> new String(r.data, StandardCharsets.UTF_8).indexOf('\n') < 0);
            assertThat(sent).extracting(r -> r.partitionKey).doesNotHaveDuplicates();
        }
    }

    @Test
    void theHeaderCanBeForcedEitherWay() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), "1,a\n2,b\n");

        assertThat(replay(f, 5, CsvLinesReplay.Header.YES)).containsExactly("1,a\n2,b\n");
        assertThat(replay(Files.writeString(dir.resolve("d.csv"), "x,y\n2,b\n"), 5, CsvLinesReplay.Header.NO))
                .containsExactly("x,y\n2,b\n");
    }

    @Test
    void onlyLinesOfSpacesAndTabsAreSkippedAndEveryOtherLineIsSentAndCounted() throws IOException {
        Path f = Files.writeString(dir.resolve("c.csv"), HEADER + "\n1,a\n \t\n\f\n\u000B\n\u2003\n\n2,b\n");

        try (CsvLinesReplay s = (CsvLinesReplay) ReplayFile.open(f, ReplayFile.Format.CSV_LINES, 10,
                CsvLinesReplay.Header.AUTO)) {
            List<String> sent = new ArrayList<>();
            s.forEachRemaining(r -> sent.add(new String(r.data, StandardCharsets.UTF_8)));
            assertThat(sent).containsExactly(HEADER + "\n1,a\n\f\n\u000B\n\u2003\n2,b\n");
            assertThat(s.rows()).isEqualTo(5);
        }
    }

    @Test
    void theProducerSkipsALineExactlyWhenTheCrimeParserFindsItBlank() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (c == '\n' || c == '\r' || Character.isSurrogate((char) c)) {
                continue;
            }
            String line = " " + (char) c + "\t";
            assertThat(CsvLinesReplay.blank((line + "\r\n").getBytes(StandardCharsets.UTF_8)))
                    .as("U+%04X", c).isEqualTo(CrimeCsv.isBlankLine(line));
        }
        assertThat(CsvLinesReplay.blank(" \t\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(CsvLinesReplay.blank("\f\n".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
