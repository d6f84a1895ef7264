package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Reading a partition's time back from its path ({@link PartitionTemplate#bucketStartOf}), which the
 * job's partition commit uses to know when a file sink's bucket is complete: right for the templates
 * whose paths name their time, refused for the others, never a wrong time.
 */
class PartitionTemplateTimeReadingTest {

    static final Set<String> KEYS = Set.of("parameter", "city", "location");
    static final String WITH_KEYS = "parameter=!{partitionKey:parameter}/dt=!{timestamp:yyyy-MM-dd}/"
            + "city=!{partitionKey:city}/!{timestamp:H}";

    static long utc(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Example
    void theDefaultTemplatesPathNamesItsHour() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.isTimeReadable()).isTrue();
        assertThat(t.bucketStartOf("year=2024/month=05/day=01/hour=10"))
                .hasValue(utc("2024-05-01T10:00:00Z"));
    }

    @Example
    void keyValuesAroundTheTimeAreSkippedEvenWhenTheyLookLikeDates() {
        PartitionTemplate t = PartitionTemplate.compile(WITH_KEYS, KEYS);

        assertThat(t.isTimeReadable()).isTrue();
        assertThat(t.bucketStartOf("parameter=pm25/dt=2014-03-30/city=2013-01-01%2F7/9"))
                .hasValue(utc("2014-03-30T09:00:00Z"));
        assertThat(t.bucketStartOf("parameter=__HIVE_DEFAULT_PARTITION__/dt=2014-03-30/city=%2Ehidden/23"))
                .hasValue(utc("2014-03-30T23:00:00Z"));
    }

    @Example
    void aDailyTemplateNamesTheDayAndAMonthlyOneTheMonth() {
        assertThat(PartitionTemplate.timeOnly("dt=!{timestamp:yyyy-MM-dd}").bucketStartOf("dt=2024-02-29"))
                .hasValue(utc("2024-02-29T00:00:00Z"));
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yyyyMM}").bucketStartOf("202402"))
                .hasValue(utc("2024-02-01T00:00:00Z"));
    }

    @Example
    void aPathTheTemplateDoesNotRenderOrAnImpossibleDateNamesNothing() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.bucketStartOf("year=2024/month=05/day=01")).isEmpty();
        assertThat(t.bucketStartOf("year=2024/month=13/day=01/hour=10")).isEmpty();
        assertThat(t.bucketStartOf("year=2023/month=02/day=29/hour=10")).isEmpty();
        assertThat(t.bucketStartOf("year=2024/month=05/day=01/hour=10/extra")).isEmpty();
        assertThat(t.bucketStartOf(null)).isEmpty();
    }

    @Example
    void twoFieldsOfOneUnitThatDisagreeNameNothing() {
        PartitionTemplate t = PartitionTemplate.timeOnly("y=!{timestamp:yyyy}/dt=!{timestamp:yyyy-MM-dd}");

        assertThat(t.bucketStartOf("y=2024/dt=2024-05-01")).hasValue(utc("2024-05-01T00:00:00Z"));
        assertThat(t.bucketStartOf("y=2023/dt=2024-05-01")).isEmpty();
    }

    @Example
    void templatesWhosePathsCannotSayTheirTimeAreNotTimeReadable() {
        // every day's hour 10 in one folder
        assertThat(PartitionTemplate.timeOnly("hour=!{timestamp:HH}").isTimeReadable()).isFalse();
        // a month without its year
        assertThat(PartitionTemplate.timeOnly("!{timestamp:MM}/!{timestamp:dd}").isTimeReadable()).isFalse();
        // which century?
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yy-MM-dd}").isTimeReadable()).isFalse();
        // 2024111: January 11th or November 1st?
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yyyyMd}").isTimeReadable()).isFalse();
        // where does the city end?
        assertThat(PartitionTemplate.compile("!{partitionKey:city}-!{timestamp:yyyy-MM-dd}", KEYS).isTimeReadable())
                .isFalse();
        // no time at all: one partition for ever
        assertThat(PartitionTemplate.compile("parameter=!{partitionKey:parameter}", KEYS).isTimeReadable()).isFalse();
        assertThat(PartitionTemplate.compile("parameter=!{partitionKey:parameter}", KEYS).bucketStartOf("parameter=o3"))
                .isEmpty();
    }

    @Property
    void theTimeReadFromARenderedPathIsTheStartOfTheInstantsBucket(
            @ForAll("readableTemplates") PartitionTemplate template,
            @ForAll @LongRange(min = 0L, max = 4_133_980_799_999L) long instant,
            @ForAll("keyValues") String parameter, @ForAll("keyValues") String city) {
        String path = template.render(instant, key -> key.equals("parameter") ? parameter : city);

        OptionalLong start = template.bucketStartOf(path);

        assertThat(start).as(path).hasValue(template.bucketStart(instant));
    }

    @Provide
    Arbitrary<PartitionTemplate> readableTemplates() {
        return Arbitraries.of(PartitionTemplate.DEFAULT_TEMPLATE, WITH_KEYS,
                        "parameter=!{partitionKey:parameter}/dt=!{timestamp:yyyy-MM-dd}/",
                        "!{timestamp:yyyy}/!{timestamp:M}/!{timestamp:d}/!{timestamp:H}_!{timestamp:m}",
                        "!{timestamp:yyyyMMddHH}/city=!{partitionKey:city}")
                .map(t -> PartitionTemplate.compile(t, KEYS));
    }

    @Provide
    Arbitrary<String> keyValues() {
        // anything a producer might send, including digits, separators, '/', '=', '%' and leading dots
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789-_./=%:abcXYZ µ").ofMinLength(0).ofMaxLength(12),
                Arbitraries.of("2024-05-01", "..", ".hidden", "_tmp", "a/b", "12", ""));
    }
}
