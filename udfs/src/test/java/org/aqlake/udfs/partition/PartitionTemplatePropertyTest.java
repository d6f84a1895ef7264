package org.aqlake.udfs.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class PartitionTemplatePropertyTest {

    // Literals because annotation values must be compile-time constants; checked by a test below.
    static final long START_OF_1970 = 0L;
    static final long END_OF_2100 = 4_133_980_799_999L;
    static final long MARCH_30_2014_15H = Instant.parse("2014-03-30T15:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    static final DateTimeFormatter DEFAULT_REFERENCE =
            DateTimeFormatter.ofPattern("'year='uuuu'/month='MM'/day='dd'/hour='HH");
    static final DateTimeFormatter DAY_AND_HOUR_REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'/'H");

    // Shared across tries on purpose: random instants keep replacing the cached bucket.
    final PartitionTemplate defaultTemplate = PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE);
    final PartitionTemplate dayAndHour = PartitionTemplate.timeOnly("!{timestamp:yyyy-MM-dd}/!{timestamp:H}");
    final PartitionTemplate daily = PartitionTemplate.timeOnly("dt=!{timestamp:yyyy-MM-dd}");

    static ZonedDateTime utc(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    }

    @Example
    void instantRangeConstantsSpanTheYears1970To2100() {
        assertThat(START_OF_1970).isEqualTo(Instant.parse("1970-01-01T00:00:00Z").toEpochMilli());
        assertThat(END_OF_2100).isEqualTo(Instant.parse("2100-12-31T23:59:59.999Z").toEpochMilli());
    }

    @Property
    void defaultTemplateRendersLikeJavaTimeInUtc(@ForAll @LongRange(min = START_OF_1970, max = END_OF_2100) long instant) {
        assertThat(defaultTemplate.render(instant, null)).isEqualTo(utc(instant).format(DEFAULT_REFERENCE));
    }

    @Property
    void dateAndNonPaddedHourTemplateRendersLikeJavaTimeInUtc(
            @ForAll @LongRange(min = START_OF_1970, max = END_OF_2100) long instant) {
        assertThat(dayAndHour.render(instant, null)).isEqualTo(utc(instant).format(DAY_AND_HOUR_REFERENCE));
    }

    @Property
    void renderingStaysCorrectWhileInstantsJumpAroundAFewHours(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 4 * 3_600_000) Integer> offsets) {
        for (int offset : offsets) {
            long instant = MARCH_30_2014_15H + offset;
            assertThat(defaultTemplate.render(instant, null)).isEqualTo(utc(instant).format(DEFAULT_REFERENCE));
        }
    }

    @Property
    void hourlyBucketIsTheHourContainingTheInstant(@ForAll @LongRange(min = START_OF_1970, max = END_OF_2100) long instant) {
        long start = defaultTemplate.bucketStart(instant);
        long end = defaultTemplate.bucketEnd(instant);

        assertThat(start).isEqualTo(utc(instant).truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli());
        assertThat(end - start).isEqualTo(HOUR);
        assertThat(defaultTemplate.render(start, null))
                .isEqualTo(defaultTemplate.render(instant, null))
                .isEqualTo(defaultTemplate.render(end - 1, null))
                .isNotEqualTo(defaultTemplate.render(end, null));
    }

    @Property
    void dailyBucketIsTheUtcDayContainingTheInstant(@ForAll @LongRange(min = START_OF_1970, max = END_OF_2100) long instant) {
        ZonedDateTime day = utc(instant).truncatedTo(ChronoUnit.DAYS);

        assertThat(daily.bucketStart(instant)).isEqualTo(day.toInstant().toEpochMilli());
        assertThat(daily.bucketEnd(instant)).isEqualTo(day.plusDays(1).toInstant().toEpochMilli());
    }
}
