package org.aqlake.job.decode;

import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.TestReadings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingDecoderTest {

    static final long MARCH_30_2014_15H = Instant.parse("2014-03-30T15:00:00Z").toEpochMilli();
    static final long ARRIVAL = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    static final long DECEMBER_1999 = Instant.parse("1999-12-01T00:00:00Z").toEpochMilli();

    static final String OPENAQ_REALTIME = "{\"date\":{\"utc\":\"2014-03-30T15:00:00.000Z\",\"local\":\"2014-03-30T23:00:00+08:00\"},"
            + "\"parameter\":\"pm25\",\"location\":\"SPARTAN - Tsinghua University\",\"value\":33.6,\"unit\":\"µg/m³\","
            + "\"city\":\"Beijing\",\"attribution\":[{\"name\":\"SPARTAN Network\",\"url\":\"http://www.spartan-network.org/\"}],"
            + "\"averagingPeriod\":{\"value\":1,\"unit\":\"hours\"},\"coordinates\":{\"latitude\":40.01,\"longitude\":116.333},"
            + "\"country\":\"CN\",\"sourceName\":\"Spartan\",\"sourceType\":\"research\",\"mobile\":false}";

    static final String FIREHOSE_GENERATOR = "{\"location\":\"Kabul\",\"value\":0.4,\"unit\":\"ppm\",\"particle\":\"co\","
            + "\"country_code\":\"AF\",\"date_utc\":\"2014-03-30T15:00:00Z\",\"date_local\":\"2014-03-30T19:30:00\","
            + "\"entity\":\"community\",\"latitude\":34.53,\"longitude\":69.19,\"entity_name1\":\"x\",\"entity_name2\":\"y\","
            + "\"some_boolean\":true,\"interval\":5,\"time_unit\":\"minutes\"}";

    private final ReadingDecoder decoder = new ReadingDecoder(ValidationRules.DEFAULTS);

    static KinesisRecord record(byte[] payload) {
        return new KinesisRecord(payload, "aq-readings", "shardId-000000000001", "49590338271490256608559692538361571095921575989136588898",
                "pk", ARRIVAL);
    }

    static KinesisRecord record(String json) {
        return record(json.getBytes(StandardCharsets.UTF_8));
    }

    Reading decode(String json) throws InvalidRecordException {
        return decoder.decode(record(json));
    }

    void assertDeadLetter(String json, ErrorType type, String field) {
        assertDeadLetter(json.getBytes(StandardCharsets.UTF_8), type, field);
    }

    void assertDeadLetter(byte[] payload, ErrorType type, String field) {
        assertThatThrownBy(() -> decoder.decode(record(payload)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.type()).as(e.reason()).isEqualTo(type);
                    assertThat(e.field()).as(e.reason()).isEqualTo(field);
                    assertThat(e.reason()).isNotBlank();
                });
    }

    @Test
    void decodesTheOpenAqRealtimeLayoutIntoEveryColumn() throws Exception {
        Reading r = decode(OPENAQ_REALTIME);

        assertThat(r.eventTime).isEqualTo(MARCH_30_2014_15H);
        assertThat(r.parameter).isEqualTo("pm25");
        assertThat(r.value).isEqualTo(33.6);
        assertThat(r.unit).isEqualTo("µg/m³");
        assertThat(r.location).isEqualTo("SPARTAN - Tsinghua University");
        assertThat(r.city).isEqualTo("Beijing");
        assertThat(r.country).isEqualTo("CN");
        assertThat(r.latitude).isEqualTo(40.01);
        assertThat(r.longitude).isEqualTo(116.333);
        assertThat(r.averagingPeriodValue).isEqualTo(1.0);
        assertThat(r.averagingPeriodUnit).isEqualTo("hours");
        assertThat(r.sourceName).isEqualTo("Spartan");
        assertThat(r.sourceType).isEqualTo("research");
        assertThat(r.mobile).isFalse();
        assertThat(r.deviceId).isNull();
        assertThat(r.arrivalTime).isEqualTo(ARRIVAL);
        assertThat(r.shardId).isEqualTo("shardId-000000000001");
        assertThat(r.sequenceNumber).startsWith("4959");
    }

    @Test
    void decodesTheFirehoseGeneratorFieldNamesAndDropsItsJunk() throws Exception {
        Reading r = decode(FIREHOSE_GENERATOR);

        assertThat(r.parameter).isEqualTo("co");
        assertThat(r.unit).isEqualTo("ppm");
        assertThat(r.value).isEqualTo(0.4);
        assertThat(r.country).isEqualTo("AF");
        assertThat(r.sourceType).isEqualTo("community");
        assertThat(r.latitude).isEqualTo(34.53);
        assertThat(r.longitude).isEqualTo(69.19);
        assertThat(r.eventTime).isEqualTo(MARCH_30_2014_15H);
    }

    @Test
    void acceptsReadingsWithoutCoordinatesOrAveragingPeriod() throws Exception {
        String json = OPENAQ_REALTIME
                .replace(",\"averagingPeriod\":{\"value\":1,\"unit\":\"hours\"}", "")
                .replace(",\"coordinates\":{\"latitude\":40.01,\"longitude\":116.333}", "");

        Reading r = decode(json);

        assertThat(r.latitude).isNull();
        assertThat(r.longitude).isNull();
        assertThat(r.averagingPeriodValue).isNull();
        assertThat(r.averagingPeriodUnit).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sensorId", "serialNumber"})
    void keepsTheDeviceIdUnderEitherName(String name) throws Exception {
        Reading r = decode(OPENAQ_REALTIME.replace("\"mobile\":false", "\"mobile\":false,\"" + name + "\":\"SN-42\""));

        assertThat(r.deviceId).isEqualTo("SN-42");
    }

    @Test
    void inflatesGzipPayloads() throws Exception {
        Reading r = decoder.decode(record(TestReadings.gzip(OPENAQ_REALTIME.getBytes(StandardCharsets.UTF_8))));

        assertThat(r.value).isEqualTo(33.6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2014-03-30T15:00:00.000Z|2014-03-30T15:00:00Z",
        "2014-03-30T15:00:00Z|2014-03-30T15:00:00Z",
        "2014-03-30T23:00:00+08:00|2014-03-30T15:00:00Z",
        "2014-03-30T23:00:00+0800|2014-03-30T15:00:00Z",
        "2014-03-30 15:00:00|2014-03-30T15:00:00Z",
        "2014-03-30T15:00:00.123456Z|2014-03-30T15:00:00.123Z",
        "1396191600|2014-03-30T15:00:00Z",
        "1396191600000|2014-03-30T15:00:00Z",
    })
    void parsesTheUtcTimestampInTheShapesRealFeedsUse(String text, String expected) throws Exception {
        Reading r = decode(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", text));

        assertThat(Instant.ofEpochMilli(r.eventTime)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pm2.5|pm25", "PM2.5|pm25", "PM10|pm10", "O3|o3", "no2|no2", "SO2|so2", "co|co", "bc|bc"})
    void normalisesParameterSpellings(String spelling, String canonical) throws Exception {
        assertThat(decode(OPENAQ_REALTIME.replace("\"pm25\"", "\"" + spelling + "\"")).parameter).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "µg/m³|µg/m³", "μg/m³|µg/m³", "ug/m3|µg/m³", "PPM|ppm", "ppb|ppb"})
    void normalisesUnitSpellings(String spelling, String canonical) throws Exception {
        assertThat(decode(OPENAQ_REALTIME.replace("\"µg/m³\"", "\"" + spelling + "\"")).unit).isEqualTo(canonical);
    }

    @Test
    void acceptsNumbersSentAsStrings() throws Exception {
        Reading r = decode(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":\"33.6\"")
                .replace("\"latitude\":40.01", "\"latitude\":\"40.01\""));

        assertThat(r.value).isEqualTo(33.6);
        assertThat(r.latitude).isEqualTo(40.01);
    }

    // ---------------------------------------------------------------- the sentinel and negative-value rule

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, -2.5, -10.0, 0.0})
    void keepsSlightlyNegativeValuesAsInstrumentNoise(double value) throws Exception {
        assertThat(decode(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":" + value)).value).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999", "-9999", "-10.5", "99999", "50001"})
    void rejectsSentinelValuesAsOutOfRange(String value) {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":" + value),
                ErrorType.VALUE_OUT_OF_RANGE, "value");
    }

    @Test
    void scalesPpmToPpbBeforeApplyingTheBounds() throws Exception {
        String ppm = OPENAQ_REALTIME.replace("\"µg/m³\"", "\"ppm\"");

        assertThat(decode(ppm.replace("\"value\":33.6", "\"value\":-0.005")).value).isEqualTo(-0.005);
        assertDeadLetter(ppm.replace("\"value\":33.6", "\"value\":-0.5"), ErrorType.VALUE_OUT_OF_RANGE, "value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "\"NaN\"", "1e400"})
    void rejectsNonFiniteValuesAsOutOfRange(String value) {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":" + value),
                ErrorType.VALUE_OUT_OF_RANGE, "value");
    }

    // ---------------------------------------------------------------- dead letters

    @Test
    void truncatedJsonIsAParseFailure() {
        assertDeadLetter(OPENAQ_REALTIME.substring(0, 80), ErrorType.JSON_PARSE_FAILED, null);
    }

    @Test
    void trailingContentIsAParseFailure() {
        assertDeadLetter(OPENAQ_REALTIME + " {}", ErrorType.JSON_PARSE_FAILED, null);
    }

    @Test
    void bytesThatAreNotUtf8AreAParseFailure() {
        assertDeadLetter(TestReadings.invalidUtf8(), ErrorType.JSON_PARSE_FAILED, null);
    }

    @Test
    void aCorruptGzipPayloadIsADecompressionFailure() {
        byte[] gz = TestReadings.gzip(OPENAQ_REALTIME.getBytes(StandardCharsets.UTF_8));
        byte[] truncated = java.util.Arrays.copyOf(gz, gz.length / 2);

        assertDeadLetter(truncated, ErrorType.DECOMPRESSION_FAILED, null);
    }

    @Test
    void aGzipBombIsADecompressionFailure() {
        byte[] bomb = TestReadings.gzip(new byte[Payloads.MAX_INFLATED_BYTES + 1]);

        assertDeadLetter(bomb, ErrorType.DECOMPRESSION_FAILED, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "\"reading\"", "null"})
    void jsonThatIsNotAnObjectIsASchemaMismatch(String json) {
        assertDeadLetter(json, ErrorType.SCHEMA_MISMATCH, null);
    }

    @Test
    void anEmptyPayloadIsAParseFailure() {
        assertDeadLetter(new byte[0], ErrorType.JSON_PARSE_FAILED, null);
    }

    @Test
    void aMissingTimestampIsASchemaMismatchNamingTheField() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"utc\":\"2014-03-30T15:00:00.000Z\",", ""),
                ErrorType.SCHEMA_MISMATCH, "date.utc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2014-13-30T15:00:00Z", "2014-02-30T15:00:00.000Z", "2014-03-30T25:00:00Z"})
    void anUnparseableTimestampIsASchemaMismatch(String text) {
        assertDeadLetter(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", text), ErrorType.SCHEMA_MISMATCH,
                "date.utc");
    }

    @Test
    void aTimestampFarAfterArrivalIsOutOfRange() {
        assertDeadLetter(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", "2027-01-01T00:00:00Z"),
                ErrorType.VALUE_OUT_OF_RANGE, "date.utc");
    }

    @Test
    void aTimestampFromAClockResetTo1970IsOutOfRangeNamingTheFloor() {
        assertThatThrownBy(() -> decode(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", "1970-01-01T00:00:07Z")))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALUE_OUT_OF_RANGE);
                    assertThat(e.field()).isEqualTo("date.utc");
                    assertThat(e.reason()).contains("validation.min-event-time", "2010-01-01T00:00:00Z");
                });
    }

    @Test
    void aTimestampJustBeforeTheDefaultFloorIsOutOfRangeAndOneAtItIsARow() throws InvalidRecordException {
        assertDeadLetter(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", "2009-12-31T23:59:59.999Z"),
                ErrorType.VALUE_OUT_OF_RANGE, "date.utc");

        assertThat(decode(OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", "2010-01-01T00:00:00Z")).eventTime)
                .isEqualTo(ValidationRules.DEFAULT_MIN_EVENT_TIME_MILLIS);
    }

    @Test
    void aLowerConfiguredFloorAdmitsAnOlderArchive() throws InvalidRecordException {
        ReadingDecoder backfill = new ReadingDecoder(new ValidationRules(ValidationRules.DEFAULT_MIN_VALUE,
                ValidationRules.DEFAULT_MAX_VALUE, ValidationRules.DEFAULT_MAX_FUTURE_MILLIS, DECEMBER_1999));
        String y2k = OPENAQ_REALTIME.replace("2014-03-30T15:00:00.000Z", "2000-01-01T00:00:00Z");

        assertThat(backfill.decode(record(y2k)).eventTime).isEqualTo(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli());
        assertDeadLetter(y2k, ErrorType.VALUE_OUT_OF_RANGE, "date.utc");
    }

    @Test
    void anUnknownParameterIsASchemaMismatch() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"pm25\"", "\"pm3\""), ErrorType.SCHEMA_MISMATCH, "parameter");
    }

    @Test
    void anUnknownUnitIsASchemaMismatch() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"µg/m³\"", "\"furlongs\""), ErrorType.SCHEMA_MISMATCH, "unit");
    }

    @Test
    void aValueThatIsNotANumberIsASchemaMismatch() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":\"high\""), ErrorType.SCHEMA_MISMATCH,
                "value");
        assertDeadLetter(OPENAQ_REALTIME.replace("\"value\":33.6", "\"value\":{\"v\":1}"), ErrorType.SCHEMA_MISMATCH,
                "value");
    }

    @Test
    void aMissingValueIsASchemaMismatch() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"value\":33.6,", ""), ErrorType.SCHEMA_MISMATCH, "value");
    }

    @Test
    void coordinatesOffTheGlobeAreOutOfRange() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"latitude\":40.01", "\"latitude\":91"),
                ErrorType.VALUE_OUT_OF_RANGE, "coordinates.latitude");
        assertDeadLetter(OPENAQ_REALTIME.replace("\"longitude\":116.333", "\"longitude\":-180.5"),
                ErrorType.VALUE_OUT_OF_RANGE, "coordinates.longitude");
    }

    @Test
    void aLatitudeWithoutLongitudeIsASchemaMismatch() {
        assertDeadLetter(OPENAQ_REALTIME.replace(",\"longitude\":116.333", ""), ErrorType.SCHEMA_MISMATCH,
                "coordinates");
    }

    @Test
    void aMistypedNestedObjectIsASchemaMismatchNamingIt() {
        assertDeadLetter(OPENAQ_REALTIME.replace("\"coordinates\":{\"latitude\":40.01,\"longitude\":116.333}",
                "\"coordinates\":[40.01,116.333]"), ErrorType.SCHEMA_MISMATCH, "coordinates");
        assertDeadLetter(OPENAQ_REALTIME.replace("\"city\":\"Beijing\"", "\"city\":[\"Beijing\"]"),
                ErrorType.SCHEMA_MISMATCH, "city");
    }
}
