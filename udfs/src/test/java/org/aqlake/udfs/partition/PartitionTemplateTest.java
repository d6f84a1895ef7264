package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PartitionTemplateTest {

    static final long MARCH_30_2014_15H = millis("2014-03-30T15:00:00Z");
    static final long MARCH_30_2014_15H25 = millis("2014-03-30T15:25:42.123Z");
    static final long MARCH_30_2014_16H = millis("2014-03-30T16:00:00Z");
    static final long MARCH_31_2014 = millis("2014-03-31T00:00:00Z");
    static final long MARCH_5_2014_07H04 = millis("2014-03-05T07:04:09Z");
    static final long DECEMBER_31_2018_NOON = millis("2018-12-31T12:00:00Z");
    static final long FEBRUARY_29_2016_10H = millis("2016-02-29T10:00:00Z");
    static final long LAST_MILLI_OF_1969 = millis("1969-12-31T23:59:59.999Z");

    static final Set<String> STATION_AND_PARAMETER = Set.of("station", "parameter");

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static Function<String, String> values(String... keyValuePairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            map.put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return map::get;
    }

    // ------------------------------------------------------------------ rendering time

    @Test
    void rendersDefaultTemplateAsHourlyHivePartitionsWithoutTrailingSlash() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.render(MARCH_30_2014_15H25, null)).isEqualTo("year=2014/month=03/day=30/hour=15");
    }

    @Test
    void defaultTemplateIsFirehosesDefaultPrefix() {
        assertThat(PartitionTemplate.DEFAULT_TEMPLATE)
                .isEqualTo("year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    }

    @Test
    void rendersNonPaddedFieldsForFirehoseShortForms() {
        PartitionTemplate t = PartitionTemplate.timeOnly(
                "!{timestamp:YYYY}/!{timestamp:M}/!{timestamp:d}/!{timestamp:H}/!{timestamp:m}");

        assertThat(t.render(MARCH_5_2014_07H04, null)).isEqualTo("2014/3/5/7/4");
    }

    @Test
    void rendersPaddedFieldsWithLeadingZeros() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}"
                + "/!{timestamp:HH}/!{timestamp:mm}");

        assertThat(t.render(MARCH_5_2014_07H04, null)).isEqualTo("2014/03/05/07/04");
    }

    @Test
    void rendersTwoDigitYearWithLeadingZero() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:yy}");

        assertThat(t.render(MARCH_30_2014_15H, null)).isEqualTo("14");
        assertThat(t.render(millis("2005-06-01T00:00:00Z"), null)).isEqualTo("05");
        assertThat(t.render(millis("1999-06-01T00:00:00Z"), null)).isEqualTo("99");
    }

    @Test
    void rendersUpperCaseYyyyAsTheCalendarYearNotTheWeekBasedYear() {
        // 2018-12-31 is a Monday in ISO week 1 of 2019; Java's "YYYY" would print 2019
        assertThat(LocalDate.of(2018, 12, 31).get(IsoFields.WEEK_BASED_YEAR)).isEqualTo(2019);

        PartitionTemplate t = PartitionTemplate.timeOnly("year=!{timestamp:YYYY}/");

        assertThat(t.render(DECEMBER_31_2018_NOON, null)).isEqualTo("year=2018");
    }

    @Test
    void rendersSeveralLettersAndSeparatorsInsideOnePlaceholder() {
        PartitionTemplate t = PartitionTemplate.timeOnly("dt=!{timestamp:yyyy-MM-dd}/t=!{timestamp:HH.mm}_!{timestamp:yy_M}");

        assertThat(t.render(MARCH_5_2014_07H04, null)).isEqualTo("dt=2014-03-05/t=07.04_14_3");
    }

    @Test
    void rendersInUtcWhateverTheDefaultTimeZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

            assertThat(t.render(MARCH_30_2014_15H, null)).isEqualTo("year=2014/month=03/day=30/hour=15");
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void rendersInstantsBeforeTheEpochInTheirOwnHour() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.render(LAST_MILLI_OF_1969, null)).isEqualTo("year=1969/month=12/day=31/hour=23");
        assertThat(t.render(0L, null)).isEqualTo("year=1970/month=01/day=01/hour=00");
    }

    @Test
    void rendersExtremeInstantsWithoutOverflowing() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:yyyy-MM-dd}/!{timestamp:HH}");

        assertThat(t.render(Long.MAX_VALUE, null)).isEqualTo("292278994-08-17/07");
        assertThat(t.render(Long.MIN_VALUE, null)).isEqualTo("-292275055-05-16/16");
    }

    @Test
    void rendersTheTemplateVerbatimWhenItHasNoPlaceholders() {
        PartitionTemplate t = PartitionTemplate.timeOnly("raw/all!/");

        assertThat(t.render(MARCH_30_2014_15H, null)).isEqualTo("raw/all!");
        assertThat(t.usesTimestamp()).isFalse();
    }

    // ------------------------------------------------------------------ rendering partition keys

    @Test
    void rendersPartitionKeyValuesHiveEscaped() {
        PartitionTemplate t = PartitionTemplate.compile(
                "parameter=!{partitionKey:parameter}/station=!{partitionKey:station}/year=!{timestamp:yyyy}",
                STATION_AND_PARAMETER);

        String path = t.render(MARCH_30_2014_15H, values("parameter", "pm25", "station", "Paris 1er: a/b=c"));

        assertThat(path).isEqualTo("parameter=pm25/station=Paris 1er%3A a%2Fb%3Dc/year=2014");
    }

    @Test
    void rendersNullAndEmptyPartitionKeyValuesAsHiveDefaultPartition() {
        PartitionTemplate t = PartitionTemplate.compile("station=!{partitionKey:station}/", STATION_AND_PARAMETER);

        assertThat(t.render(MARCH_30_2014_15H, key -> null)).isEqualTo("station=__HIVE_DEFAULT_PARTITION__");
        assertThat(t.render(MARCH_30_2014_15H, key -> "")).isEqualTo("station=__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void keepsNonAsciiPartitionKeyValues() {
        PartitionTemplate t = PartitionTemplate.compile("station=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThat(t.render(0L, key -> "Zürich µ-Station")).isEqualTo("station=Zürich µ-Station");
    }

    @Test
    void rendersAPartitionKeyUsedTwiceBothTimes() {
        PartitionTemplate t = PartitionTemplate.compile(
                "p=!{partitionKey:parameter}/!{timestamp:HH}/again=!{partitionKey:parameter}", STATION_AND_PARAMETER);

        assertThat(t.render(MARCH_30_2014_15H, key -> "no2")).isEqualTo("p=no2/15/again=no2");
        assertThat(t.partitionKeys()).containsExactly("parameter");
    }

    @Test
    void rendersAdjacentPartitionKeysAndTimeInOneSegment() {
        PartitionTemplate t = PartitionTemplate.compile(
                "!{partitionKey:station}-!{partitionKey:parameter}-!{timestamp:yyyyMMdd}", STATION_AND_PARAMETER);

        assertThat(t.render(MARCH_30_2014_15H, values("station", "s1", "parameter", "o3")))
                .isEqualTo("s1-o3-20140330");
    }

    @Test
    void escapesALeadingDotOrUnderscoreOfAKeyValueThatStartsASegment() {
        // ".." as a whole segment would escape the table; "_x" and ".x" are hidden to Hadoop readers
        PartitionTemplate bare = PartitionTemplate.compile("!{partitionKey:station}/x", STATION_AND_PARAMETER);

        assertThat(bare.render(0L, key -> "..")).isEqualTo("%2E./x");
        assertThat(bare.render(0L, key -> ".")).isEqualTo("%2E/x");
        assertThat(bare.render(0L, key -> "_tmp")).isEqualTo("%5Ftmp/x");
        assertThat(bare.render(0L, key -> "a.b_c")).isEqualTo("a.b_c/x");
        assertThat(PartitionValues.unescape("%2E.")).isEqualTo("..");
    }

    @Test
    void keepsALeadingDotOfAKeyValueAfterAHiveStyleName() {
        PartitionTemplate named = PartitionTemplate.compile("station=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThat(named.render(0L, key -> "..")).isEqualTo("station=..");
    }

    @Test
    void acceptsFirehosePartitionKeyFromQueryAndFromLambdaSpellings() {
        PartitionTemplate t = PartitionTemplate.compile(
                "s=!{partitionKeyFromQuery:station}/p=!{partitionKeyFromLambda:parameter}", STATION_AND_PARAMETER);

        assertThat(t.render(0L, values("station", "s1", "parameter", "co"))).isEqualTo("s=s1/p=co");
    }

    @Test
    void requiresKeyValuesOnlyWhenTheTemplateUsesPartitionKeys() {
        PartitionTemplate withKeys = PartitionTemplate.compile("s=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThatThrownBy(() -> withKeys.render(0L, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("station");
        assertThat(PartitionTemplate.timeOnly("x=!{timestamp:yyyy}").render(0L, null)).isEqualTo("x=1970");
    }

    @Test
    void rendersATemplateWithoutTimestampTheSameForEveryInstant() {
        PartitionTemplate t = PartitionTemplate.compile("station=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThat(t.render(Long.MIN_VALUE, key -> "a")).isEqualTo("station=a");
        assertThat(t.render(MARCH_30_2014_15H, key -> "a")).isEqualTo("station=a");
        assertThat(t.render(Long.MAX_VALUE, key -> "b")).isEqualTo("station=b");
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void reportsPartitionKeysInOrderOfFirstUse() {
        PartitionTemplate t = PartitionTemplate.compile(
                "s=!{partitionKey:station}/p=!{partitionKey:parameter}/!{timestamp:yyyy}", STATION_AND_PARAMETER);

        assertThat(t.partitionKeys()).containsExactly("station", "parameter");
        assertThatThrownBy(() -> t.partitionKeys().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsNoPartitionKeysForATimeOnlyTemplate() {
        assertThat(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE).partitionKeys()).isEmpty();
    }

    @Test
    void reportsTheFinestTimeUnitUsedAsThePartitionLength() {
        assertThat(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE).finestTimeUnit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yyyy}").finestTimeUnit()).isEqualTo(ChronoUnit.YEARS);
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yyyy-M}").finestTimeUnit()).isEqualTo(ChronoUnit.MONTHS);
        assertThat(PartitionTemplate.timeOnly("!{timestamp:yyyy-MM-dd}").finestTimeUnit()).isEqualTo(ChronoUnit.DAYS);
        assertThat(PartitionTemplate.timeOnly("!{timestamp:mm}/!{timestamp:yyyy}").finestTimeUnit())
                .isEqualTo(ChronoUnit.MINUTES);
    }

    @Test
    void reportsNoTimeUnitWhenTheTemplateHasNoTimestamp() {
        PartitionTemplate t = PartitionTemplate.compile("s=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThat(t.usesTimestamp()).isFalse();
        assertThat(t.finestTimeUnit()).isNull();
        assertThat(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE).usesTimestamp()).isTrue();
    }

    @Test
    void keepsTheTemplateTextVerbatimIncludingTheTrailingSlash() {
        assertThat(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE).template())
                .isEqualTo(PartitionTemplate.DEFAULT_TEMPLATE);
    }

    // ------------------------------------------------------------------ buckets

    @Test
    void bucketOfAnHourlyTemplateIsTheHourContainingTheInstant() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.bucketStart(MARCH_30_2014_15H25)).isEqualTo(MARCH_30_2014_15H);
        assertThat(t.bucketEnd(MARCH_30_2014_15H25)).isEqualTo(MARCH_30_2014_16H);
    }

    @Test
    void bucketIncludesItsStartAndExcludesItsEnd() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.bucketStart(MARCH_30_2014_15H)).isEqualTo(MARCH_30_2014_15H);
        assertThat(t.bucketStart(MARCH_30_2014_16H - 1)).isEqualTo(MARCH_30_2014_15H);
        assertThat(t.bucketStart(MARCH_30_2014_16H)).isEqualTo(MARCH_30_2014_16H);
        assertThat(t.bucketEnd(MARCH_30_2014_16H)).isEqualTo(MARCH_30_2014_16H + 3_600_000L);
    }

    @Test
    void bucketOfADailyTemplateIsTheUtcDay() {
        PartitionTemplate t = PartitionTemplate.timeOnly("dt=!{timestamp:yyyy-MM-dd}/");

        assertThat(t.bucketStart(MARCH_30_2014_15H25)).isEqualTo(millis("2014-03-30T00:00:00Z"));
        assertThat(t.bucketEnd(MARCH_30_2014_15H25)).isEqualTo(MARCH_31_2014);
    }

    @Test
    void bucketOfAMonthlyTemplateFollowsTheCalendarIncludingLeapFebruary() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:yyyy}/!{timestamp:MM}");

        assertThat(t.bucketStart(FEBRUARY_29_2016_10H)).isEqualTo(millis("2016-02-01T00:00:00Z"));
        assertThat(t.bucketEnd(FEBRUARY_29_2016_10H)).isEqualTo(millis("2016-03-01T00:00:00Z"));
    }

    @Test
    void bucketOfAYearlyTemplateIsTheCalendarYear() {
        PartitionTemplate t = PartitionTemplate.timeOnly("year=!{timestamp:YYYY}");

        assertThat(t.bucketStart(DECEMBER_31_2018_NOON)).isEqualTo(millis("2018-01-01T00:00:00Z"));
        assertThat(t.bucketEnd(DECEMBER_31_2018_NOON)).isEqualTo(millis("2019-01-01T00:00:00Z"));
    }

    @Test
    void bucketOfAMinuteTemplateIsTheMinute() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:HH}/!{timestamp:mm}");

        assertThat(t.bucketStart(MARCH_30_2014_15H25)).isEqualTo(millis("2014-03-30T15:25:00Z"));
        assertThat(t.bucketEnd(MARCH_30_2014_15H25)).isEqualTo(millis("2014-03-30T15:26:00Z"));
    }

    @Test
    void bucketBeforeTheEpochRoundsDownNotTowardsZero() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        assertThat(t.bucketStart(LAST_MILLI_OF_1969)).isEqualTo(millis("1969-12-31T23:00:00Z"));
        assertThat(t.bucketEnd(LAST_MILLI_OF_1969)).isEqualTo(0L);
    }

    @Test
    void bucketBoundsSaturateAtTheEndsOfTheMillisRange() {
        PartitionTemplate t = PartitionTemplate.timeOnly("!{timestamp:yyyy}");

        assertThat(t.bucketEnd(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(t.bucketStart(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void bucketOfATemplateWithoutTimestampSpansAllTime() {
        PartitionTemplate t = PartitionTemplate.compile("s=!{partitionKey:station}", STATION_AND_PARAMETER);

        assertThat(t.bucketStart(MARCH_30_2014_15H)).isEqualTo(Long.MIN_VALUE);
        assertThat(t.bucketEnd(MARCH_30_2014_15H)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bucketBoundsAreRightWhetherOrNotTheRenderCacheHoldsThatHour() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        t.render(MARCH_30_2014_15H25, null); // cache now holds 15h
        assertThat(t.bucketEnd(MARCH_30_2014_15H25)).isEqualTo(MARCH_30_2014_16H);
        assertThat(t.bucketEnd(MARCH_30_2014_16H)).isEqualTo(MARCH_30_2014_16H + 3_600_000L);
        assertThat(t.render(MARCH_30_2014_16H, null)).isEqualTo("year=2014/month=03/day=30/hour=16");
        assertThat(t.bucketStart(MARCH_30_2014_15H25)).isEqualTo(MARCH_30_2014_15H);
    }

    // ------------------------------------------------------------------ cache

    @Test
    void returnsTheSameStringForConsecutiveInstantsInTheSameHour() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);

        String first = t.render(MARCH_30_2014_15H, null);

        assertThat(t.render(MARCH_30_2014_15H25, null)).isSameAs(first);
        assertThat(t.render(MARCH_30_2014_16H - 1, null)).isSameAs(first);
    }

    @Test
    void rendersCorrectlyWhenInstantsJumpBackAndForthBetweenHours() {
        PartitionTemplate t = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);
        long[] instants = {
            MARCH_30_2014_15H, MARCH_30_2014_16H, MARCH_30_2014_15H25, MARCH_30_2014_16H - 1,
            MARCH_30_2014_16H, LAST_MILLI_OF_1969, MARCH_30_2014_15H, DECEMBER_31_2018_NOON,
            MARCH_30_2014_15H25, MARCH_31_2014, MARCH_31_2014 - 1, MARCH_30_2014_15H
        };

        for (long instant : instants) {
            assertThat(t.render(instant, null)).as("render of %s", Instant.ofEpochMilli(instant))
                    .isEqualTo(reference(instant));
        }
    }

    @Test
    void rendersCorrectlyWhenManyThreadsShareOneTemplateAcrossHours() throws Exception {
        PartitionTemplate t = PartitionTemplate.compile(
                "station=!{partitionKey:station}/" + PartitionTemplate.DEFAULT_TEMPLATE, STATION_AND_PARAMETER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                long base = MARCH_30_2014_15H + thread * 3_600_000L;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 20_000; i++) {
                        long instant = base + (i % 7) * 1_800_000L; // every thread wanders over several hours
                        String station = "s" + (i % 3);
                        String expected = "station=" + station + "/" + reference(instant);
                        if (!t.render(instant, key -> station).equals(expected)) {
                            throw new AssertionError("wrong path for " + Instant.ofEpochMilli(instant));
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String reference(long instant) {
        ZonedDateTime z = Instant.ofEpochMilli(instant).atZone(ZoneOffset.UTC);
        return z.format(DateTimeFormatter.ofPattern("'year='uuuu'/month='MM'/day='dd'/hour='HH"));
    }

    // ------------------------------------------------------------------ identity and serialization

    @Test
    void isEqualToAnotherCompilationOfTheSameTemplateText() {
        PartitionTemplate a = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);
        PartitionTemplate b = PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, STATION_AND_PARAMETER);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(PartitionTemplate.timeOnly("year=!{timestamp:yyyy}"));
        assertThat(a.toString()).contains(PartitionTemplate.DEFAULT_TEMPLATE);
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsOperators() throws Exception {
        PartitionTemplate original = PartitionTemplate.compile(
                "station=!{partitionKey:station}/" + PartitionTemplate.DEFAULT_TEMPLATE, STATION_AND_PARAMETER);
        original.render(MARCH_30_2014_15H, key -> "warm the cache");

        PartitionTemplate copy = roundTrip(original);

        assertThat(copy).isEqualTo(original);
        assertThat(copy.partitionKeys()).containsExactly("station");
        assertThat(copy.finestTimeUnit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(copy.render(MARCH_30_2014_15H25, key -> "s1")).isEqualTo("station=s1/year=2014/month=03/day=30/hour=15");
    }

    static PartitionTemplate roundTrip(PartitionTemplate t) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PartitionTemplate) in.readObject();
        }
    }
}
