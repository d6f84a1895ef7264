package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class PartitionValuesPropertyTest {

    static final String HIVE_UNSAFE = "\"#%'*/:=?\\{}[]^\u007F";

    /** Mostly characters that need escaping, so that escapes sit next to each other and to '%'. */
    @Provide
    Arbitrary<String> hostileValues() {
        return Arbitraries.strings()
                .withChars(HIVE_UNSAFE.toCharArray())
                .withCharRange('\u0000', '\u001F')
                .withChars('a', '2', 'F', 'µ', 'ü', ' ')
                .ofMinLength(1)
                .ofMaxLength(30);
    }

    @Property
    void unescapeReversesEscapeForArbitraryValues(@ForAll @StringLength(min = 1, max = 64) String value) {
        assertThat(PartitionValues.unescape(PartitionValues.escape(value))).isEqualTo(value);
    }

    @Property
    void unescapeReversesEscapeForValuesFullOfUnsafeCharacters(@ForAll("hostileValues") String value) {
        assertThat(PartitionValues.unescape(PartitionValues.escape(value))).isEqualTo(value);
    }

    @Property
    void escapedValuesNeverContainPathOrKeySeparators(@ForAll @StringLength(min = 1, max = 64) String value) {
        assertThat(PartitionValues.escape(value)).doesNotContain("/", "=");
    }

    @Property
    void escapedValuesContainNoUnsafeAsciiButTheEscapingPercent(@ForAll("hostileValues") String value) {
        String escaped = PartitionValues.escape(value);

        for (char c : escaped.toCharArray()) {
            assertThat(c >= 0x20 && (c == '%' || HIVE_UNSAFE.indexOf(c) < 0)).as("char U+%04X in %s", (int) c, escaped).isTrue();
        }
    }
}
