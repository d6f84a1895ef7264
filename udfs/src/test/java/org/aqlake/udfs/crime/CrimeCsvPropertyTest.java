package org.aqlake.udfs.crime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every line of any batch is one row or one dead letter, in order, carrying its own text; and a crime
 * written in any of the layouts, line ends, year spellings and quoting reads back as itself.
 */
class CrimeCsvPropertyTest {

    static final LocalDateTime FIRST_TIME = LocalDateTime.of(1970, 1, 1, 0, 0);
    static final int MINUTES_IN_99_YEARS = 99 * 365 * 24 * 60;

    @Property
    void everyNonBlankLineOfAnyBatchIsOneRowOrOneDeadLetter(@ForAll("batches") byte[] batch) {
        List<CrimeLine> lines = CrimeCsv.parse(batch);

        String[] physical = new String(batch, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
        List<Integer> numbers = lines.stream().map(l -> l.lineNumber).collect(Collectors.toList());
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < physical.length; i++) {
            boolean given = numbers.contains(i + 1);
            if (blank(physical[i])) {
                assertThat(given).as("blank line %d", i + 1).isFalse();
            } else if (!given) {
                // only a header, which is a layout and not a crime, gives no row and no dead letter
                assertThat(physical[i].toLowerCase(Locale.ROOT)).as("line %d", i + 1).contains("cdatetime");
            }
        }
        assertThat(lines).allMatch(l -> l.row.isPresent() != l.errorType.isPresent())
                .allMatch(l -> l.errorType.isPresent() == l.reason.isPresent());
        for (CrimeLine l : lines) {
            if (l.errorType.isEmpty() || !l.reason.get().contains("UTF-8")) {
                assertThat(l.line).isIn(physical[l.lineNumber - 1], physical[l.lineNumber - 1].replace("\uFEFF", ""));
            }
        }
    }

    /** The test's own rule, apart from the parser's: a line of nothing but spaces and tabs holds no row. */
    static boolean blank(String line) {
        return line.chars().allMatch(c -> c == ' ' || c == '\t');
    }

    @Provide
    Arbitrary<byte[]> batches() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.,-/: \t\f\u000B\u2003\"ABx\r\n").ofMaxLength(12),
                Arbitraries.of("1/1/06 0:00", "38.5", "-121.", "3C   ", "cdatetime", "\"a,b\"", "",
                        "\n\f\n", "\n\u000B\n", "\n\u2003\n", "\n \t\n"));
        Arbitrary<String> text = field.list().ofMaxSize(40).map(fs -> String.join(",", fs));
        return Arbitraries.oneOf(text.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Property
    void aCrimeWrittenInAnyLayoutReadsBackAsItself(@ForAll("crimes") Crime c, @ForAll("lineEnds") String eol,
            @ForAll boolean header, @ForAll boolean leadingId, @ForAll boolean fourDigitYear) {
        StringBuilder batch = new StringBuilder();
        if (header) {
            batch.append(leadingId ? "id," : "").append(CrimeCsvTest.HEADER).append(eol);
        }
        String line = (leadingId ? "7," : "") + c.csv(fourDigitYear);
        batch.append(line).append(eol);

        List<CrimeLine> lines = CrimeCsv.parse(batch.toString());

        assertThat(lines).hasSize(1);
        CrimeRow r = lines.get(0).row.orElseThrow(() -> new AssertionError(lines.get(0)));
        assertThat(r.cdatetime).isEqualTo(c.time);
        assertThat(r.address).contains(c.address.trim());
        assertThat(r.district).contains(c.district);
        assertThat(r.grid).contains(c.grid);
        assertThat(r.ucrNcicCode).contains(c.code);
        assertThat(r.coordinates.get().latitude).isEqualTo(c.latitude);
        assertThat(r.coordinates.get().longitude).isEqualTo(c.longitude);
        assertThat(lines.get(0).line).isEqualTo(line);
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    @Provide
    Arbitrary<Crime> crimes() {
        Arbitrary<LocalDateTime> time = Arbitraries.integers().between(0, MINUTES_IN_99_YEARS)
                .map(m -> FIRST_TIME.plusMinutes(m));
        Arbitrary<String> address = Arbitraries.strings().withChars("ABC 12/,\"").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank());
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 99_999);
        Arbitrary<Double> latitude = Arbitraries.doubles().between(-90, 90).ofScale(8);
        Arbitrary<Double> longitude = Arbitraries.doubles().between(-180, 180).ofScale(7);
        return Combinators.combine(time, address, small, small, small, latitude, longitude).as(Crime::new);
    }

    static final class Crime {
        final LocalDateTime time;
        final String address;
        final int district;
        final int grid;
        final int code;
        final double latitude;
        final double longitude;

        Crime(LocalDateTime time, String address, int district, int grid, int code, double latitude, double longitude) {
            this.time = time;
            this.address = address;
            this.district = district;
            this.grid = grid;
            this.code = code;
            this.latitude = latitude;
            this.longitude = longitude;
        }

        String csv(boolean fourDigitYear) {
            String year = fourDigitYear ? String.valueOf(time.getYear())
                    : String.format(Locale.ROOT, "%02d", time.getYear() % 100);
            String when = time.getMonthValue() + "/" + time.getDayOfMonth() + "/" + year + " " + time.getHour() + ":"
                    + String.format(Locale.ROOT, "%02d", time.getMinute());
            return String.join(",", when, "\"" + address.replace("\"", "\"\"") + "\"", String.valueOf(district),
                    "3C        ", String.valueOf(grid), "THEFT", String.valueOf(code), Double.toString(latitude),
                    Double.toString(longitude));
        }
    }
}
