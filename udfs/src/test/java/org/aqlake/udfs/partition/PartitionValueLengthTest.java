package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * A partition value of any length gives a folder name that file systems (255 bytes) and S3 (1024-byte keys)
 * accept: past {@link PartitionValues#MAX_ESCAPED_BYTES} it is cut and a hash of the whole value keeps it
 * distinct, so a free-text field can never make a path the writer fails on.
 */
class PartitionValueLengthTest {

    static final int LONG_LOCATION_CHARS = 5_000;
    static final long T = Instant.parse("2024-05-01T10:15:00Z").toEpochMilli();
    static final long HOUR_10 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether every surrogate of the string is half of a pair: a cut between the two would leave one alone. */
    static boolean noLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The prefix kept of a value too long for a path: its bytes, the mark and the hash fill the bound. */
    static final int KEPT_BYTES = PartitionValues.MAX_ESCAPED_BYTES - 1 - PartitionValues.HASH_HEX_DIGITS;

    @Test
    void aValueThatFitsIsOnlyEscaped() {
        String fits = "a".repeat(PartitionValues.MAX_ESCAPED_BYTES - 1) + "/";

        assertThat(PartitionValues.escapeBounded("Paris 18e/Porte")).isEqualTo("Paris 18e%2FPorte");
        assertThat(PartitionValues.escapeBounded("a".repeat(PartitionValues.MAX_ESCAPED_BYTES)))
                .isEqualTo("a".repeat(PartitionValues.MAX_ESCAPED_BYTES));
        assertThat(PartitionValues.escapeBounded(fits)).as("escaped, it is 102 bytes")
                .matches("a{" + KEPT_BYTES + "}~[0-9a-f]{16}");
    }

    @Test
    void aFiveThousandCharacterLocationBecomesAPrefixAndAHashWithinTheBound() {
        String location = "Station ".repeat(LONG_LOCATION_CHARS / 8);

        String bounded = PartitionValues.escapeBounded(location);

        assertThat(utf8Bytes(bounded)).isEqualTo(PartitionValues.MAX_ESCAPED_BYTES);
        assertThat(bounded).startsWith(location.substring(0, KEPT_BYTES) + PartitionValues.TRUNCATION_MARK)
                .matches(".*~[0-9a-f]{16}");
        assertThat(PartitionValues.escapeBounded(location)).as("the same value, the same folder").isEqualTo(bounded);
    }

    @Test
    void twoLongValuesThatDifferOnlyAtTheEndStayApart() {
        String common = "x".repeat(LONG_LOCATION_CHARS);

        assertThat(PartitionValues.escapeBounded(common + "A")).isNotEqualTo(PartitionValues.escapeBounded(common + "B"));
    }

    @Test
    void theCutNeverSplitsAnEscapeOrAMultiByteCharacter() {
        for (int shift = 0; shift < 6; shift++) {
            String slashes = "a".repeat(shift) + "/".repeat(LONG_LOCATION_CHARS);
            String accents = "a".repeat(shift) + "\u00E9\u6771\uD83D\uDE00".repeat(LONG_LOCATION_CHARS / 4);

            String s = PartitionValues.escapeBounded(slashes);
            String a = PartitionValues.escapeBounded(accents);

            assertThat(s.substring(shift, s.indexOf(PartitionValues.TRUNCATION_MARK))).matches("(%2F)+");
            assertThat(utf8Bytes(s)).isLessThanOrEqualTo(PartitionValues.MAX_ESCAPED_BYTES);
            assertThat(utf8Bytes(a)).isLessThanOrEqualTo(PartitionValues.MAX_ESCAPED_BYTES);
            assertThat(accents).startsWith(a.substring(0, a.indexOf(PartitionValues.TRUNCATION_MARK)));
            assertThat(noLoneSurrogate(a)).as("no lone surrogate in %s", a).isTrue();
        }
    }

    @Property(tries = 500)
    void everyValueFitsAndAFittingValueIsOnlyEscaped(@ForAll @StringLength(max = 2_000) String value) {
        String bounded = PartitionValues.escapeBounded(value);

        assertThat(utf8Bytes(bounded)).isLessThanOrEqualTo(PartitionValues.MAX_ESCAPED_BYTES);
        if (utf8Bytes(PartitionValues.escape(value)) <= PartitionValues.MAX_ESCAPED_BYTES) {
            assertThat(bounded).isEqualTo(PartitionValues.escape(value));
        } else {
            assertThat(bounded).matches("(?s).*~[0-9a-f]{16}");
        }
    }

    @Test
    void aTemplateRendersTheBoundedValueAndStillReadsItsTimeBack() {
        PartitionTemplate template = PartitionTemplate.compile(
                "location=!{partitionKey:location}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}"
                        + "/hour=!{timestamp:HH}/", Set.of("location"));
        String location = "L".repeat(LONG_LOCATION_CHARS);

        String path = template.render(T, Map.of("location", location)::get);

        String folder = path.substring(0, path.indexOf('/'));
        assertThat(folder).isEqualTo("location=" + PartitionValues.escapeBounded(location));
        assertThat(utf8Bytes(folder)).isLessThanOrEqualTo("location=".length() + PartitionValues.MAX_ESCAPED_BYTES);
        assertThat(template.bucketStartOf(path)).isEqualTo(OptionalLong.of(HOUR_10));
    }
}
