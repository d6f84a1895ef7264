package org.aqlake.tools.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SyntheticReadingsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant DAY = Instant.parse("2024-05-01T00:00:00Z");

    static List<ProducerRecord> make(double badFraction, int n, Instant start, Duration interval) {
        List<ProducerRecord> out = new ArrayList<>();
        new SyntheticReadings(7, badFraction, n, Clock.fixed(DAY, ZoneOffset.UTC), start, interval)
                .forEachRemaining(out::add);
        return out;
    }

    static JsonNode json(ProducerRecord r) {
        try {
            return JSON.readTree(r.data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyGoodReadingBecomesARowOfTheJob() {
        List<ProducerRecord> records = make(0, 2_000, DAY, Duration.ofMinutes(30));

        for (ProducerRecord r : records) {
            Decoding d = Decoding.of(r, Instant.parse("2024-06-01T00:00:00Z").toEpochMilli());
            assertThat(d.error).as(new String(r.data, java.nio.charset.StandardCharsets.UTF_8)).isNull();
            assertThat(d.reading.location).isEqualTo(r.partitionKey);
        }
    }

    @Test
    void theSixMainPollutantsComeInTheirUsualUnits() {
        Map<String, Set<String>> units = make(0, 500, DAY, Duration.ofHours(1)).stream().map(SyntheticReadingsTest::json)
                .collect(Collectors.groupingBy(n -> n.get("parameter").asText(),
                        Collectors.mapping(n -> n.get("unit").asText(), Collectors.toSet())));

        assertThat(units).containsOnly(
                Map.entry("pm25", Set.of("µg/m³")), Map.entry("pm10", Set.of("µg/m³")),
                Map.entry("no2", Set.of("ppb")), Map.entry("so2", Set.of("ppb")),
                Map.entry("co", Set.of("ppm")), Map.entry("o3", Set.of("ppm")));
    }

    @Test
    void eachStationKeepsItsCoordinatesAndCommunitySensorsCarryASerialNumber() {
        List<JsonNode> readings = make(0, 1_000, DAY, Duration.ofHours(1)).stream().map(SyntheticReadingsTest::json)
                .collect(Collectors.toList());

        Map<String, Set<String>> places = readings.stream().collect(Collectors.groupingBy(
                n -> n.get("location").asText(),
                Collectors.mapping(n -> n.get("coordinates").toString(), Collectors.toSet())));
        assertThat(places).hasSize(Stations.ALL_STATIONS.size()).allSatisfy((k, v) -> assertThat(v).hasSize(1));
        assertThat(readings.stream().map(n -> n.get("city").asText()).distinct().count()).isGreaterThanOrEqualTo(5);

        List<JsonNode> community = readings.stream().filter(n -> n.has("serialNumber")).collect(Collectors.toList());
        assertThat(community).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("sourceType").asText()).isEqualTo("community");
            assertThat(n.get("parameter").asText()).isIn("pm25", "pm10");
        });
        assertThat(readings.stream().filter(n -> !n.has("serialNumber")))
                .allSatisfy(n -> assertThat(n.get("sourceType").asText()).isEqualTo("government"));
    }

    @Test
    void ozonePeaksInTheAfternoonAndTrafficPollutionAtRushHour() {
        // one round of all stations every 10 simulated minutes, over 10 days
        List<JsonNode> readings = make(0, 50 * 6 * 24 * 10, DAY, Duration.ofMinutes(10)).stream()
                .map(SyntheticReadingsTest::json).collect(Collectors.toList());

        assertThat(meanAt(readings, "o3", 15)).isGreaterThan(2 * meanAt(readings, "o3", 4));
        assertThat(meanAt(readings, "no2", 20)).isGreaterThan(1.3 * meanAt(readings, "no2", 15));
    }

    /** Mean of a pollutant at a local hour, relative to each station's own mean, over all stations. */
    static double meanAt(List<JsonNode> readings, String parameter, int localHour) {
        List<JsonNode> ofParameter = readings.stream().filter(n -> n.get("parameter").asText().equals(parameter))
                .collect(Collectors.toList());
        Map<String, Double> stationMean = ofParameter.stream().collect(Collectors.groupingBy(
                n -> n.get("location").asText(), Collectors.averagingDouble(n -> n.get("value").asDouble())));
        String hour = String.format("%02d", localHour);
        return ofParameter.stream()
                .filter(n -> n.get("date").get("local").asText().substring(11, 13).equals(hour))
                .mapToDouble(n -> n.get("value").asDouble() / stationMean.get(n.get("location").asText()))
                .average().orElseThrow();
    }

    @Test
    void theConfiguredFractionIsBadAndTheJobTurnsEachIntoADeadLetter() {
        List<ProducerRecord> records = make(0.2, 5_000, DAY, Duration.ofHours(1));
        long arrival = DAY.plus(Duration.ofDays(400)).toEpochMilli();

        List<Decoding> decoded = records.stream().map(r -> Decoding.of(r, arrival)).collect(Collectors.toList());
        long bad = decoded.stream().filter(d -> d.error != null).count();
        EnumSet<ErrorType> types = EnumSet.noneOf(ErrorType.class);
        decoded.stream().filter(d -> d.error != null).forEach(d -> types.add(d.error));

        assertThat(bad / 5_000.0).isCloseTo(0.2, within(0.03));
        assertThat(types).containsExactlyInAnyOrderElementsOf(ErrorType.READING_ERRORS);
    }

    @Test
    void theWallClockIsTheEventTimeWithoutAStart() {
        Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
        ProducerRecord r = new SyntheticReadings(1, 0, 1, Clock.fixed(now, ZoneOffset.UTC), null, Duration.ofHours(1))
                .next();

        assertThat(json(r).get("date").get("utc").asText()).isEqualTo("2025-01-02T03:04:05.000Z");
    }

    @Test
    void theSameSeedMakesTheSameReadings() {
        List<ProducerRecord> a = make(0.1, 300, DAY, Duration.ofHours(1));
        List<ProducerRecord> b = make(0.1, 300, DAY, Duration.ofHours(1));

        for (int i = 0; i < a.size(); i++) {
            assertThat(Arrays.equals(a.get(i).data, b.get(i).data)).isTrue();
        }
    }

    @Test
    void readingsDecodeToThePollutantsTheStationMeasures() {
        for (ProducerRecord r : make(0, 200, DAY, Duration.ofHours(1))) {
            Reading reading = Decoding.of(r, DAY.plus(Duration.ofDays(30)).toEpochMilli()).reading;
            assertThat(reading.value).isPositive();
            assertThat(reading.latitude).isBetween(-90.0, 90.0);
        }
    }
}
