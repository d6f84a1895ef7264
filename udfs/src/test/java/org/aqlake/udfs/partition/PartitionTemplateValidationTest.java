package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionTemplateValidationTest {

    static final Set<String> STATION_AND_PARAMETER = Set.of("station", "parameter");

    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String template) {
        return assertThatThrownBy(() -> PartitionTemplate.compile(template, STATION_AND_PARAMETER))
                .isInstanceOf(InvalidPartitionTemplateException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + template + "\"");
    }

    @Test
    void rejectsANullTemplate() {
        assertThatThrownBy(() -> PartitionTemplate.compile(null, STATION_AND_PARAMETER))
                .isInstanceOf(InvalidPartitionTemplateException.class)
                .hasMessage("Invalid partition template null: must not be null or blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsABlankTemplate(String template) {
        assertRejected(template).hasMessageContaining("blank");
    }

    @Test
    void rejectsNullAllowedKeysRatherThanGuessing() {
        assertThatThrownBy(() -> PartitionTemplate.compile("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void exposesTheRejectedTemplate() {
        assertThatThrownBy(() -> PartitionTemplate.timeOnly("/x"))
                .isInstanceOfSatisfying(InvalidPartitionTemplateException.class,
                        e -> assertThat(e.template()).isEqualTo("/x"));
    }

    // ------------------------------------------------------------------ placeholders

    @Test
    void rejectsAnUnclosedPlaceholderNamingItsIndex() {
        assertRejected("year=!{timestamp:yyyy").hasMessageContaining("unclosed '!{' at index 5");
    }

    @Test
    void rejectsAnUnclosedPlaceholderThatRunsIntoTheNextOne() {
        assertRejected("a=!{timestamp:yyyy/b=!{timestamp:MM}").hasMessageContaining("unclosed '!{' at index 2");
    }

    @Test
    void rejectsAnUnclosedPlaceholderBeforeTheTrailingSlash() {
        assertRejected("year=!{timestamp:yyyy/").hasMessageContaining("unclosed '!{' at index 5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!{firehose:random-string}", "!{firehose:error-output-type}"})
    void rejectsFirehoseOnlyPlaceholdersAsNotSupportedByAqLake(String placeholder) {
        assertRejected("errors/" + placeholder + "/")
                .hasMessageContaining(placeholder)
                .hasMessageContaining("at index 7")
                .hasMessageContaining("not supported by aq-lake");
    }

    @Test
    void rejectsAnUnknownNamespace() {
        assertRejected("y=!{time:yyyy}")
                .hasMessageContaining("unknown namespace 'time'")
                .hasMessageContaining("!{time:yyyy}")
                .hasMessageContaining("at index 2");
    }

    @Test
    void rejectsAPlaceholderWithoutNamespace() {
        assertRejected("y=!{yyyy}").hasMessageContaining("!{yyyy}").hasMessageContaining("no namespace");
    }

    @ParameterizedTest(name = "rejects pattern letters {1} in {0}")
    @CsvSource({
        "!{timestamp:MMM}, 'MMM'",
        "!{timestamp:hh}, 'hh'",
        "!{timestamp:HH-mm-ss}, 'ss'",
        "!{timestamp:S}, 'S'",
        "!{timestamp:E}, 'E'",
        "!{timestamp:u}, 'u'",
        "!{timestamp:uuuu}, 'uuuu'",
        "!{timestamp:yyy}, 'yyy'",
        "!{timestamp:yyyyy}, 'yyyyy'",
        "!{timestamp:YY}, 'YY'",
        "!{timestamp:D}, 'D'",
        "!{timestamp:ddd}, 'ddd'",
        "!{timestamp:HHH}, 'HHH'",
        "!{timestamp:a}, 'a'",
        "!{timestamp:yyyyMMddTHH}, 'T'",
    })
    void rejectsUnsupportedPatternLettersNamingTheRun(String placeholder, String run) {
        assertRejected("p/" + placeholder)
                .hasMessageContaining("unsupported pattern letter '" + run + "'")
                .hasMessageContaining(placeholder);
    }

    @Test
    void pointsAtTheIndexOfTheUnsupportedLetterInsideThePattern() {
        // "p/!{timestamp:" is 14 characters, then "yyyy-" puts MMM at index 19
        assertRejected("p/!{timestamp:yyyy-MMM}").hasMessageContaining("at index 19");
    }

    @Test
    void suggestsTheTwentyFourHourClockForLowerCaseH() {
        assertRejected("!{timestamp:hh}").hasMessageContaining("use HH or H");
    }

    @Test
    void rejectsAnEmptyPattern() {
        assertRejected("y=!{timestamp:}").hasMessageContaining("empty pattern").hasMessageContaining("!{timestamp:}");
    }

    @Test
    void rejectsAPatternOfSeparatorsOnly() {
        assertRejected("y=!{timestamp:-_}").hasMessageContaining("!{timestamp:-_}").hasMessageContaining("no date or time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!{timestamp:yyyy/MM}", "!{timestamp:yyyy MM}", "!{timestamp:HH:mm}", "!{timestamp:'T'HH}",
        "!{timestamp:yyyy{MM}"})
    void rejectsSeparatorsOtherThanDashUnderscoreAndDotInsideAPattern(String placeholder) {
        assertRejected("x=" + placeholder)
                .hasMessageContaining("unsupported character")
                .hasMessageContaining("only '-', '_' and '.'");
    }

    @Test
    void rejectsAPartitionKeyThatIsNotAllowedListingTheAllowedKeys() {
        assertRejected("city=!{partitionKey:city}/")
                .hasMessageContaining("partition key 'city'")
                .hasMessageContaining("!{partitionKey:city}")
                .hasMessageContaining("at index 5")
                .hasMessageContaining("[parameter, station]");
    }

    @Test
    void rejectsAnyPartitionKeyInATimeOnlyTemplate() {
        assertThatThrownBy(() -> PartitionTemplate.timeOnly("s=!{partitionKey:station}"))
                .isInstanceOf(InvalidPartitionTemplateException.class)
                .hasMessageContaining("partition key 'station'")
                .hasMessageContaining("allowed keys []");
    }

    @Test
    void treatsPartitionKeyNamesCaseSensitively() {
        assertRejected("s=!{partitionKey:Station}").hasMessageContaining("'Station'");
    }

    @Test
    void rejectsAnEmptyPartitionKeyName() {
        assertRejected("s=!{partitionKey:}").hasMessageContaining("empty partition key name");
    }

    // ------------------------------------------------------------------ path shape

    @Test
    void rejectsALeadingSlash() {
        assertRejected("/year=!{timestamp:yyyy}").hasMessageContaining("start with '/'");
    }

    @ParameterizedTest(name = "rejects {1} in {0}")
    @CsvSource({
        "year=!{timestamp:yyyy}/../x, '..', 23",
        "../x, '..', 0",
        "a/./b, '.', 2",
        "a/.., '..', 2",
        "a/../, '..', 2",
    })
    void rejectsRelativePathSegmentsNamingTheirIndex(String template, String segment, int index) {
        assertRejected(template).hasMessageContaining("relative path segment '" + segment + "' at index " + index);
    }

    @ParameterizedTest(name = "rejects {0}")
    @CsvSource({
        "a//b, 1",
        "a//, 1",
        "year=!{timestamp:yyyy}//hour=!{timestamp:HH}, 22",
    })
    void rejectsEmptyPathSegmentsNamingTheirIndex(String template, int index) {
        assertRejected(template).hasMessageContaining("empty path segment ('//') at index " + index);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_tmp/!{timestamp:yyyy}", "a/.hidden", "x/!{timestamp:_yyyy}", "x/..!{timestamp:yyyy}"})
    void rejectsSegmentsThatHadoopReadersWouldTreatAsHidden(String template) {
        assertRejected(template).hasMessageContaining("hides it from Hive, Spark and Trino");
    }

    static Stream<Character> unsafeCharacters() {
        return "\\ \t\u0001\u001F\u007F\u0085\u00A0\u2028#%?*:{}^[]|\"'<>~`"
                .chars().mapToObj(c -> (char) c);
    }

    @ParameterizedTest(name = "rejects unsafe character #{index}")
    @MethodSource("unsafeCharacters")
    void rejectsCharactersThatAreNotSafeInS3KeysOrHivePaths(char unsafe) {
        assertThatThrownBy(() -> PartitionTemplate.timeOnly("a" + unsafe + "b"))
                .isInstanceOf(InvalidPartitionTemplateException.class)
                .hasMessageContaining(String.format("(U+%04X) at index 1", (int) unsafe))
                .hasMessageContaining("not safe in S3 keys");
    }

    @Test
    void showsControlCharactersEscapedInTheMessage() {
        assertThatThrownBy(() -> PartitionTemplate.timeOnly("a\u0001b"))
                .hasMessageContaining("\"a\\u0001b\"")
                .hasMessageNotContaining("\u0001");
    }

    @Test
    void rejectsAPartitionKeyNameWithAControlCharacterShowingItEscaped() {
        assertThatThrownBy(() -> PartitionTemplate.timeOnly("s=!{partitionKey:a\nb}"))
                .hasMessageContaining("'a\\u000Ab'")
                .hasMessageNotContaining("\n");
    }

    // ------------------------------------------------------------------ accepted shapes

    @ParameterizedTest
    @ValueSource(strings = {
        PartitionTemplate.DEFAULT_TEMPLATE,
        "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}",
        "raw",
        "a!b/c!",
        "dt=!{timestamp:yyyy-MM-dd}/!{timestamp:H}",
        "station=!{partitionKey:station}/parameter=!{partitionKey:parameter}/dt=!{timestamp:yyyy.MM.dd}/",
        "v1.2/a-b_c=d+e,f;g@h$i&j/Zürich",
        "x/y../a.b",
    })
    void acceptsWellFormedTemplates(String template) {
        assertThatNoException().isThrownBy(() -> PartitionTemplate.compile(template, STATION_AND_PARAMETER));
    }
}
