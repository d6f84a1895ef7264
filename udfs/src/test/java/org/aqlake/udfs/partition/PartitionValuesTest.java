package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionValuesTest {

    @Test
    void escapesNullAndEmptyAsHiveDefaultPartition() {
        assertThat(PartitionValues.escape(null)).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        assertThat(PartitionValues.escape("")).isEqualTo(PartitionValues.NULL_PARTITION);
    }

    @Test
    void returnsTheInputItselfWhenNothingNeedsEscaping() {
        String value = "FR04014-pm25";

        assertThat(PartitionValues.escape(value)).isSameAs(value);
    }

    static Stream<Arguments> unsafeAsciiCharacters() {
        return Stream.of(
                Arguments.of('/', "%2F"), Arguments.of('=', "%3D"), Arguments.of(':', "%3A"),
                Arguments.of('%', "%25"), Arguments.of('"', "%22"), Arguments.of('#', "%23"),
                Arguments.of('\'', "%27"), Arguments.of('*', "%2A"), Arguments.of('?', "%3F"),
                Arguments.of('\\', "%5C"), Arguments.of('{', "%7B"), Arguments.of('}', "%7D"),
                Arguments.of('[', "%5B"), Arguments.of(']', "%5D"), Arguments.of('^', "%5E"));
    }

    @ParameterizedTest(name = "escapes {0} as {1}")
    @MethodSource("unsafeAsciiCharacters")
    void escapesEachUnsafeAsciiCharacterAsUpperCaseHex(char unsafe, String escaped) {
        assertThat(PartitionValues.escape("a" + unsafe + "b")).isEqualTo("a" + escaped + "b");
    }

    @Test
    void escapesControlCharactersAndDelete() {
        assertThat(PartitionValues.escape("\u0000\u0001\n\t\u001F\u007F")).isEqualTo("%00%01%0A%09%1F%7F");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zürich", "µg", "東京", "a b", "a.b-c_d", "x+y,z;w@v$u&t!s(r)q~p", "\uD83D\uDE00"})
    void keepsSpacesPunctuationAndNonAsciiCharactersAsIs(String value) {
        assertThat(PartitionValues.escape(value)).isSameAs(value);
    }

    @Test
    void escapesOnlyTheUnsafeCharactersOfAMixedValue() {
        assertThat(PartitionValues.escape("2014-03-30T15:00/Zürich=1")).isEqualTo("2014-03-30T15%3A00%2FZürich%3D1");
    }

    @Test
    void unescapesUpperAndLowerCaseHex() {
        assertThat(PartitionValues.unescape("a%2Fb%3db%25")).isEqualTo("a/b=b%");
    }

    @Test
    void unescapeReturnsTheInputItselfWhenItHasNoPercentSign() {
        String value = "Zürich";

        assertThat(PartitionValues.unescape(value)).isSameAs(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100%", "%", "%2", "a%G1", "%%", "%\uFF11\uFF11", "%-1"})
    void unescapeKeepsPercentSignsThatAreNotFollowedByTwoHexDigits(String value) {
        assertThat(PartitionValues.unescape(value)).isEqualTo(value);
    }

    @Test
    void unescapeLeavesTheHiveDefaultPartitionForTheCallerToInterpret() {
        assertThat(PartitionValues.unescape(PartitionValues.NULL_PARTITION)).isEqualTo("__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void unescapeRejectsNull() {
        assertThatThrownBy(() -> PartitionValues.unescape(null)).isInstanceOf(NullPointerException.class);
    }
}
