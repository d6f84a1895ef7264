package org.aqlake.tools.dashboard;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's reading of the aggregates table, from rows as the job's Parquet schema has them: the latest
 * revision of each place's row, a city keyed with its country, and names that contain the separator of a
 * joined key.
 */
class LatestAggregatesTest {

    static final long HOUR = Instant.parse("2024-05-01T03:00:00Z").toEpochMilli();
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message aggregates {"
            + " required int64 window_start; optional binary location (STRING); optional binary city (STRING);"
            + " optional binary country (STRING); required binary parameter (STRING); required binary unit (STRING);"
            + " required int64 count; optional int32 location_aqi; optional binary dominant_pollutant (STRING);"
            + " optional boolean who_exceeds; optional double who_guideline; required int32 revision; }");

    @Test
    void aCityNameOfTwoCountriesIsTwoCitiesEachWithItsOwnAqi() {
        LatestAggregates latest = new LatestAggregates();
        latest.add(row("Station A", "Springfield", "US", 0, 3, 150));
        latest.add(row("Station B", "Springfield", "CA", 0, 3, 40));
        DashboardData d = new DashboardData();

        d.aqiPerCity(latest);

        assertThat(d.aqi).extracting(c -> c.name() + "=" + c.aqi).containsExactly("Springfield, CA=40",
                "Springfield, US=150");
    }

    @Test
    void placesWhoseNamesContainTheSeparatorAreTwoRows() {
        LatestAggregates latest = new LatestAggregates();
        // joined with "|", both would be "A|B|C|GB"
        latest.add(row("A|B", "C", "GB", 0, 2, 30));
        latest.add(row("A", "B|C", "GB", 0, 2, 60));

        assertThat(latest.rows()).hasSize(2);
    }

    @Test
    void aPlaceIsShownWithItsCityAndCountry() {
        LatestAggregates latest = new LatestAggregates();
        latest.add(row("CBD", "Sydney", "AU", 0, 2, 30));

        assertThat(latest.rows()).extracting(LatestAggregates::place).containsExactly("CBD, Sydney, AU");
    }

    @Test
    void aKeyWhoseLatestRevisionCountsNothingIsLeftOut() {
        LatestAggregates latest = new LatestAggregates();
        latest.add(row("Station A", null, null, 0, 5, 80));
        // a repair's withdrawal of a row written before places
        latest.add(row("Station A", null, null, 1, 0, null));
        latest.add(row("Station A", "Springfield", "US", 0, 5, 80));

        assertThat(latest.rows()).extracting(r -> r.city).containsExactly("Springfield");
    }

    static Group row(String location, String city, String country, int revision, long count, Integer aqi) {
        Group g = new SimpleGroup(SCHEMA);
        g.add("window_start", HOUR);
        g.add("location", location);
        if (city != null) {
            g.add("city", city);
        }
        if (country != null) {
            g.add("country", country);
        }
        g.add("parameter", "pm25");
        g.add("unit", "\u00B5g/m\u00B3");
        g.add("count", count);
        if (aqi != null) {
            g.add("location_aqi", aqi.intValue());
        }
        g.add("revision", revision);
        return g;
    }
}
