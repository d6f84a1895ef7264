package org.aqlake.job.decode;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.support.TestReadings;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever arrives on the stream, the decoder answers with a reading or an {@link InvalidRecordException}
 * (a dead letter with a type and a reason). Any other exception would reach {@link DecodeReadings}'
 * last-resort catch: the record would be kept, but filed under a misleading type.
 */
class DecoderNeverThrowsPropertyTest {

    static final int TRIES = 1000;
    static final long MEASURED = Instant.parse("2024-05-01T00:10:00Z").toEpochMilli();
    static final long ARRIVAL = Instant.parse("2024-05-01T01:00:00Z").toEpochMilli();

    static final byte[] VALID = TestReadings.utf8(TestReadings.openAq("p-1", 0, MEASURED, "pm25", 33.6, "µg/m³"));
    static final byte[] VALID_GENERATOR = TestReadings.utf8(TestReadings.generator("p-2", 1, MEASURED));
    static final byte[] VALID_GZIP = TestReadings.gzip(VALID);

    /** The fields the decoder reads, each a place where a value of the wrong shape can land. */
    static final List<String> FIELDS = List.of("date", "parameter", "value", "unit", "location", "city", "country",
            "coordinates", "averagingPeriod", "sourceName", "sourceType", "mobile", "sensorId");

    private final ReadingDecoder decoder = new ReadingDecoder(ValidationRules.DEFAULTS);

    static KinesisRecord record(byte[] payload) {
        return new KinesisRecord(payload, "aq-readings", "shardId-000000000000", "1", "pk", ARRIVAL);
    }

    static final String READING = "reading";
    static final String REJECTED = "rejected";

    /** Decodes and fails the property on anything but a reading or an InvalidRecordException. */
    String decodesOrRejects(byte[] payload) {
        try {
            Reading r = decoder.decode(record(payload));
            assertThat(r).isNotNull();
            assertThat(r.parameter).isNotBlank();
            assertThat(r.unit).isNotBlank();
            assertThat(Double.isFinite(r.value)).isTrue();
            return READING;
        } catch (InvalidRecordException e) {
            assertThat(e.type()).isNotNull();
            assertThat(e.reason()).isNotBlank();
            return REJECTED;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("decoder threw " + e + " for payload " + Arrays.toString(payload), e);
        }
    }

    /**
     * A generator whose every case is rejected (or accepted) would prove little: both outcomes must
     * occur, so the mutations reach the validator and not only the parser.
     */
    static void collectAndRequireBothOutcomes(String outcome) {
        Statistics.collect(outcome);
        Statistics.coverage(coverage -> {
            coverage.check(READING).count(n -> n > 0);
            coverage.check(REJECTED).count(n -> n > 0);
        });
    }

    @Property(tries = TRIES)
    void arbitraryBytesDecodeOrAreRejected(@ForAll("arbitraryBytes") byte[] payload) {
        decodesOrRejects(payload);
    }

    @Property(tries = TRIES)
    void mutatedOpenAqPayloadsDecodeOrAreRejected(@ForAll("mutations") UnaryOperator<byte[]> mutation) {
        collectAndRequireBothOutcomes(decodesOrRejects(mutation.apply(VALID)));
    }

    @Property(tries = TRIES)
    void mutatedGeneratorPayloadsDecodeOrAreRejected(@ForAll("mutations") UnaryOperator<byte[]> mutation) {
        collectAndRequireBothOutcomes(decodesOrRejects(mutation.apply(VALID_GENERATOR)));
    }

    @Property(tries = TRIES)
    void mutatedGzipPayloadsDecodeOrAreRejected(@ForAll("mutations") UnaryOperator<byte[]> mutation) {
        decodesOrRejects(mutation.apply(VALID_GZIP));
    }

    @Property(tries = TRIES)
    void anyJsonValueInAnyFieldDecodesOrIsRejected(@ForAll("fields") String field, @ForAll("jsonValues") String value) {
        String json = "{\"date\":{\"utc\":\"2024-05-01T00:10:00Z\"},\"parameter\":\"pm25\",\"value\":33.6,"
                + "\"unit\":\"µg/m³\",\"coordinates\":{\"latitude\":40.01,\"longitude\":116.333}}";
        // put the value in the field, added if the base payload lacks it (the last one wins in the parser)
        String mutated = json.substring(0, json.length() - 1) + ",\"" + field + "\":" + value + "}";

        collectAndRequireBothOutcomes(decodesOrRejects(TestReadings.utf8(mutated)));
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<byte[]> arbitraryBytes() {
        // a few bytes, which mostly die in the parser, and a head that passes the gzip or JSON checks
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> gzipHead = noise.map(b -> concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, b));
        Arbitrary<byte[]> objectHead = noise.map(b -> concat(TestReadings.utf8("{\"date\":"), b));
        return Arbitraries.frequencyOf(
                Tuple.of(3, noise), Tuple.of(1, gzipHead),
                Tuple.of(1, objectHead));
    }

    @Provide
    Arbitrary<UnaryOperator<byte[]>> mutations() {
        Arbitrary<UnaryOperator<byte[]>> truncation = Arbitraries.doubles().between(0, 1)
                .map(fraction -> bytes -> Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
        Arbitrary<UnaryOperator<byte[]>> flips = Combinators.combine(
                        Arbitraries.doubles().between(0, 1).list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.integers().between(1, 255))
                .as((positions, mask) -> bytes -> {
                    byte[] out = bytes.clone();
                    for (double p : positions) {
                        int i = Math.min(out.length - 1, (int) (out.length * p));
                        out[i] = (byte) (out[i] ^ mask);
                    }
                    return out;
                });
        Arbitrary<UnaryOperator<byte[]>> truncatedFlips = Combinators.combine(truncation, flips)
                .as((t, f) -> bytes -> t.apply(f.apply(bytes)));
        return Arbitraries.oneOf(truncation, flips, truncatedFlips);
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.of("null", "true", "false", "NaN", "-Infinity", "0", "-0.0", "1e400", "-1e-400",
                        "9223372036854775808", "\"\"", "\"  \"", "\"2014-03-30T15:00:00Z\"", "\"1396191600\"",
                        "\"-9999999999999999999\"", "\"99999-12-31T23:59:59Z\"", "\"pm25\"", "\"ppm\""),
                () -> Arbitraries.longs().map(Object::toString),
                () -> Arbitraries.doubles().map(d -> String.format(Locale.ROOT, "%s", d)).filter(s -> !s.contains("N")
                        && !s.contains("I")),
                () -> Arbitraries.strings().ofMaxLength(40).map(DecoderNeverThrowsPropertyTest::jsonString),
                () -> jsonValues().list().ofMaxSize(3).map(values -> "[" + String.join(",", values) + "]"),
                () -> Combinators.combine(Arbitraries.of("utc", "local", "latitude", "longitude", "value", "unit", "x"),
                                jsonValues())
                        .as((k, v) -> "{\"" + k + "\":" + v + "}"));
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
