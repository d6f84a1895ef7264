package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateParserTest {

    static final Set<String> KEYS = Set.of("station", "parameter");

    static LiteralSegment literal(String text) {
        return new LiteralSegment(text);
    }

    @Test
    void theDefaultTemplateIsLiteralsBetweenFourTimeFieldsWithoutTheTrailingSlash() {
        assertThat(TemplateParser.parse(PartitionTemplate.DEFAULT_TEMPLATE, KEYS)).containsExactly(
                literal("year="), TimeField.YEAR4, literal("/month="), TimeField.MONTH2,
                literal("/day="), TimeField.DAY2, literal("/hour="), TimeField.HOUR2);
    }

    @Test
    void patternSeparatorsJoinTheTemplateTextAroundThemIntoOneLiteral() {
        assertThat(TemplateParser.parse("d=!{timestamp:-yyyy.M-}x", KEYS)).containsExactly(
                literal("d=-"), TimeField.YEAR4, literal("."), TimeField.MONTH1, literal("-x"));
    }

    @Test
    void aKeyKnowsWhetherItsValueStartsAPathSegment() {
        assertThat(TemplateParser.parse("!{partitionKey:station}/p=!{partitionKeyFromQuery:parameter}", KEYS))
                .containsExactly(new KeySegment("station", true), literal("/p="), new KeySegment("parameter", false));
    }

    @Test
    void upperCaseYearReadsAsTheCalendarYearAndUnknownRunsAsNothing() {
        assertThat(TimeField.forRun("YYYY")).contains(TimeField.YEAR4);
        assertThat(TimeField.forRun("yyyy")).contains(TimeField.YEAR4);
        assertThat(TimeField.forRun("MMM")).isEmpty();
        assertThat(TimeField.forRun("h")).isEmpty();
    }

    @Test
    void theSupportedRunsListEveryRunOnceInOrderFromYearToMinute() {
        assertThat(TimeField.supportedRuns()).isEqualTo("yyyy, YYYY, yy, MM, M, dd, d, HH, H, mm, m");
    }

    @Test
    void timeIsCutByTheFinestFieldWhereverItStands() {
        List<TemplateSegment> segments = TemplateParser.parse("m=!{timestamp:mm}/y=!{timestamp:yyyy}", KEYS);
        PathFormatter formatter = new PathFormatter(segments);
        assertThat(TimePartitioning.of(segments, formatter).unit()).contains(ChronoUnit.MINUTES);
    }

    @Test
    void aTemplateWithoutTimeFieldsIsOnePartitionForAllTime() {
        List<TemplateSegment> segments = TemplateParser.parse("s=!{partitionKey:station}", KEYS);
        TimePartitioning time = TimePartitioning.of(segments, new PathFormatter(segments));
        assertThat(time).isInstanceOf(AllTime.class);
        assertThat(time.unit()).isEmpty();
    }

    @Test
    void aPlaceholderSaysWhereItsArgumentStartsAndWhereItEnds() {
        Placeholder p = Placeholder.at("ab!{timestamp:yyyy}cd", 2);
        assertThat(p.namespace()).isEqualTo("timestamp");
        assertThat(p.argument()).isEqualTo("yyyy");
        assertThat(p.argumentIndex()).isEqualTo(14);
        assertThat(p.end()).isEqualTo(19);
    }

    @Test
    void anEmptyLiteralSegmentIsRefused() {
        assertThatThrownBy(() -> new LiteralSegment("")).isInstanceOf(IllegalArgumentException.class);
    }
}
