package org.aqlake.job.reliability;

import org.aqlake.job.decode.ValidationRules;
import org.aqlake.job.model.ErrorType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.sessions.JqwikSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded corpus of hostile Kinesis records built with jqwik's generators, each one carrying the
 * outcome it must have, decided by construction and not by running the decoder: an invalid record
 * knows why it is invalid (and so which dead-letter types fit), a valid one knows whether it passes
 * the consent gate without a registry (exempt source type) or is denied there.
 *
 * <p>Every invalid record is a valid reading with exactly one defect, so its dead-letter type follows
 * from the defect; only the families without a reading inside (random bytes) accept any type a reading
 * can have.
 */
public final class HostileCorpus {

    /** Kinesis caps a record, data and partition key together, at 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** Inflated size of the largest gzip bomb: what a 1 MiB record of deflated zeros can hold. */
    static final int BOMB_INFLATED_BYTES = 512 * 1024 * 1024;
    /** Past the decoder's inflation cap, and far below the bomb. */
    static final int OVER_CAP_INFLATED_BYTES = 5 * 1024 * 1024;
    /** A valid gzip record that inflates to 3 MiB, under the cap: a row. */
    static final int UNDER_CAP_INFLATED_BYTES = 3 * 1024 * 1024;
    static final int DEEP = 10_000;
    /**
     * Characters of an overlong string: longer than any S3 key (1,024 bytes) or file name (255), and at
     * most 48,000 bytes of UTF-8, under the parser's 50,000 limit on a field name.
     */
    static final int OVERLONG = 16_000;
    /** Past the parser's limit on a field name: a parse failure. */
    static final int NAME_PAST_LIMIT = 60_000;
    /** Valid readings are measured in these six hours. */
    public static final long BASE_TIME = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    /**
     * Timestamps this close to the arrival time are left out of the year-0-to-9999 family: whether one
     * lies more than validation.max-future (1 h) after its arrival would depend on when the test runs.
     */
    static final long NOW_MARGIN = 2 * DAY;

    /**
     * The rule for a reading from the distant past, in one place: before {@code validation.min-event-time}
     * (its default here) a reading is a value-out-of-range dead letter, so a reset clock makes no
     * partition of its own.
     */
    public static boolean distantPastIsDeadLetter(long eventTime) {
        return eventTime < ValidationRules.DEFAULT_MIN_EVENT_TIME_MILLIS;
    }

    /** What a record must become. */
    public enum Outcome { ROW, DENIED, DEAD_LETTER }

    /** One generated record and its expected outcome. */
    public static final class Hostile {
        public final String id;
        public final String family;
        public final byte[] payload;
        public final Outcome outcome;
        /** For a dead letter, the types that fit its defect; empty otherwise. */
        public final Set<ErrorType> types;
        /** For a row, the value it must carry (duplicate keys: the last one wins); NaN when not checked. */
        public final double value;

        Hostile(String id, String family, byte[] payload, Outcome outcome, Set<ErrorType> types, double value) {
            this.id = id;
            this.family = family;
            this.payload = payload;
            this.outcome = outcome;
            this.types = types;
            this.value = value;
        }

        @Override
        public String toString() {
            return id + " (" + family + ", " + outcome + (types.isEmpty() ? "" : " " + types) + ", "
                    + payload.length + " bytes)";
        }
    }

    /** A record still without its id: the corpus numbers them once generated. */
    interface Spec {
        Hostile build(String id);
    }

    static final Set<ErrorType> ANY_READING_ERROR = EnumSet.copyOf(ErrorType.READING_ERRORS);
    static final String[][] POLLUTANTS = {
        {"pm25", "µg/m³"}, {"pm10", "µg/m³"}, {"pm2.5", "ug/m3"}, {"no2", "ppb"}, {"o3", "ppm"}, {"co", "ppm"},
        {"so2", "ppb"}, {"bc", "µg/m³"},
    };
    static final String[] EXEMPT = {"government", "research", "GOVERNMENT", " Research "};
    static final String[] TEXT_FIELDS = {"location", "city", "country", "sourceName"};

    private HostileCorpus() {}

    /** How many records of each family; the total is over 10,000. */
    static Map<String, Arbitrary<Spec>> families() {
        Map<String, Arbitrary<Spec>> f = new LinkedHashMap<>();
        f.put("valid", valid());
        f.put("random-bytes", randomBytes());
        f.put("truncated-gzip", truncatedGzip());
        f.put("gzip-edge", gzipEdges());
        f.put("invalid-utf8", invalidUtf8());
        f.put("deep-nesting", deepNesting());
        f.put("huge-numbers", hugeNumbers());
        f.put("nan-infinity", nanAndInfinity());
        f.put("wrong-types", wrongTypes());
        f.put("duplicate-keys", duplicateKeys());
        f.put("timestamps-0-9999", timestamps());
        f.put("overlong-strings", overlongStrings());
        return f;
    }

    static final Map<String, Integer> COUNTS = Map.ofEntries(
            Map.entry("valid", 2_500), Map.entry("random-bytes", 900), Map.entry("truncated-gzip", 500),
            Map.entry("gzip-edge", 60), Map.entry("invalid-utf8", 700), Map.entry("deep-nesting", 60),
            Map.entry("huge-numbers", 800), Map.entry("nan-infinity", 600), Map.entry("wrong-types", 1_200),
            Map.entry("duplicate-keys", 900), Map.entry("timestamps-0-9999", 900),
            Map.entry("overlong-strings", 900));

    /** The whole corpus, shuffled, plus a few 1 MiB records; the same for the same seed. */
    public static List<Hostile> generate(long seed, double scale) {
        List<Hostile> out = new ArrayList<>();
        // generators need a jqwik session outside a property; our own Random makes the corpus reproducible
        JqwikSession.run(() -> out.addAll(generateInSession(seed, scale)));
        return out;
    }

    private static List<Hostile> generateInSession(long seed, double scale) {
        Random random = new Random(seed);
        List<Hostile> out = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Arbitrary<Spec>> family : families().entrySet()) {
            int count = Math.max(1, (int) Math.round(COUNTS.get(family.getKey()) * scale));
            var generator = family.getValue().generator(1000, true);
            for (int i = 0; i < count; i++) {
                out.add(generator.next(random).value().build(id(n++)));
            }
        }
        for (Spec big : megabyteRecords()) {
            out.add(big.build(id(n++)));
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }

    static String id(int n) {
        return String.format(Locale.ROOT, "h-%05d", n);
    }

    // ------------------------------------------------------------------ valid readings

    /** The fields of a valid reading, as an ordered map the families then damage in one place. */
    static final class Reading {
        final Map<String, Object> fields = new LinkedHashMap<>();
        double value;

        String json() {
            return Json.write(fields);
        }
    }

    static Arbitrary<Reading> reading() {
        return Combinators.combine(
                Arbitraries.of(POLLUTANTS),
                Arbitraries.doubles().between(0, 40).ofScale(3),
                Arbitraries.longs().between(0, 6 * HOUR - 1),
                Arbitraries.of(EXEMPT),
                Arbitraries.integers().between(0, 2))
                .as((p, v, offset, source, spelling) -> {
                    Reading r = new Reading();
                    r.value = v;
                    String utc = Instant.ofEpochMilli(BASE_TIME + offset).toString();
                    if (spelling == 2) {
                        // the Firehose data generator's spelling
                        r.fields.put("location", "Station");
                        r.fields.put("value", v);
                        r.fields.put("unit", p[1]);
                        r.fields.put("particle", p[0]);
                        r.fields.put("country_code", "DE");
                        r.fields.put("date_utc", utc);
                        r.fields.put("entity", source);
                        r.fields.put("latitude", 52.5);
                        r.fields.put("longitude", 13.4);
                    } else {
                        r.fields.put("date", Map.of("utc", utc, "local", utc));
                        r.fields.put("parameter", p[0]);
                        r.fields.put("location", "Station");
                        r.fields.put("value", spelling == 1 ? (Object) Double.toString(v) : (Object) v);
                        r.fields.put("unit", p[1]);
                        r.fields.put("city", "City");
                        r.fields.put("country", "DE");
                        r.fields.put("coordinates", Map.of("latitude", 52.5, "longitude", 13.4));
                        r.fields.put("averagingPeriod", Map.of("value", 1, "unit", "hours"));
                        r.fields.put("sourceName", "test");
                        r.fields.put("sourceType", source);
                        r.fields.put("mobile", false);
                    }
                    return r;
                });
    }

    /** The device id field of a reading: the test finds a row by it. */
    static void identify(Reading r, String id) {
        r.fields.put(r.fields.containsKey("particle") ? "serialNumber" : "sensorId", id);
    }

    static Spec row(String family, Reading r) {
        return id -> {
            identify(r, id);
            return new Hostile(id, family, utf8(r.json()), Outcome.ROW, Set.of(), r.value);
        };
    }

    static Spec deadLetter(String family, Set<ErrorType> types, Reading r) {
        return id -> {
            identify(r, id);
            return new Hostile(id, family, utf8(r.json()), Outcome.DEAD_LETTER, types, Double.NaN);
        };
    }

    static Spec deadLetter(String family, ErrorType type, byte[] payload) {
        return id -> new Hostile(id, family, payload, Outcome.DEAD_LETTER, EnumSet.of(type), Double.NaN);
    }

    /**
     * Valid readings: exempt ones are rows; a community reading with a device id, or one without a source
     * type and device id, is denied by the gate (no registry in this run), counted and never a row.
     */
    static Arbitrary<Spec> valid() {
        return Combinators.combine(reading(), Arbitraries.integers().between(0, 9)).as((r, kind) -> {
            if (kind == 0) {
                r.fields.put(r.fields.containsKey("entity") ? "entity" : "sourceType", "community");
                return id -> {
                    identify(r, id);
                    return new Hostile(id, "valid", utf8(r.json()), Outcome.DENIED, Set.of(), Double.NaN);
                };
            }
            if (kind == 1) {
                Spec plain = row("valid", r);
                return id -> {
                    Hostile h = plain.build(id);
                    return new Hostile(id, "valid-gzip", gzip(h.payload), Outcome.ROW, Set.of(), h.value);
                };
            }
            return row("valid", r);
        });
    }

    // ------------------------------------------------------------------ bytes and compression

    static Arbitrary<Spec> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2_000).map(b -> {
            if (b.length > 0 && b[0] == '{' || b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                b[0] = (byte) 0xfe; // neither JSON nor gzip by accident: still random, never a reading
            }
            byte[] payload = b;
            return id -> new Hostile(id, "random-bytes", payload, Outcome.DEAD_LETTER, ANY_READING_ERROR, Double.NaN);
        });
    }

    static Arbitrary<Spec> truncatedGzip() {
        return Combinators.combine(reading(), Arbitraries.doubles().between(0.05, 0.95)).as((r, keep) -> id -> {
            identify(r, id);
            byte[] gz = gzip(utf8(r.json()));
            // cut anywhere after the magic number: the deflate stream or its trailer is incomplete
            int cut = Math.max(2, Math.min(gz.length - 1, (int) (gz.length * keep)));
            return new Hostile(id, "truncated-gzip", Arrays.copyOf(gz, cut), Outcome.DEAD_LETTER,
                    EnumSet.of(ErrorType.DECOMPRESSION_FAILED), Double.NaN);
        });
    }

    /**
     * Bombs of zeros and of a repeated valid-looking prefix (past the 4 MiB inflation cap: dead letters),
     * a valid reading padded to 3 MiB inflated (under the cap: a row), and gzip inside gzip (inflated
     * once, the content is not JSON).
     */
    static Arbitrary<Spec> gzipEdges() {
        return Combinators.combine(reading(), Arbitraries.integers().between(0, 9)).as((r, kind) -> {
            switch (kind) {
                case 0:
                    return id -> new Hostile(id, "gzip-bomb", Bombs.ZEROS_512_MIB, Outcome.DEAD_LETTER,
                            EnumSet.of(ErrorType.DECOMPRESSION_FAILED), Double.NaN);
                case 1:
                case 2:
                case 3:
                    return id -> {
                        identify(r, id);
                        r.fields.put("junk", "x".repeat(OVER_CAP_INFLATED_BYTES));
                        return new Hostile(id, "gzip-over-cap", gzip(utf8(r.json())), Outcome.DEAD_LETTER,
                                EnumSet.of(ErrorType.DECOMPRESSION_FAILED), Double.NaN);
                    };
                case 4:
                case 5:
                    return id -> {
                        identify(r, id);
                        r.fields.put("junk", "x".repeat(UNDER_CAP_INFLATED_BYTES));
                        return new Hostile(id, "gzip-under-cap", gzip(utf8(r.json())), Outcome.ROW, Set.of(),
                                r.value);
                    };
                default:
                    return id -> {
                        identify(r, id);
                        return new Hostile(id, "gzip-in-gzip", gzip(gzip(utf8(r.json()))), Outcome.DEAD_LETTER,
                                EnumSet.of(ErrorType.JSON_PARSE_FAILED), Double.NaN);
                    };
            }
        });
    }

    /** Built once: deflating 512 MiB takes seconds. */
    static final class Bombs {
        static final byte[] ZEROS_512_MIB = zerosBomb(BOMB_INFLATED_BYTES);
    }

    static byte[] zerosBomb(int inflated) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {
                { def.setLevel(Deflater.BEST_COMPRESSION); }
            }) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < inflated / zeros.length; i++) {
                    gz.write(zeros);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Byte sequences that are not UTF-8: a bad continuation, a stray continuation, 0xFF, a cut sequence. */
    static final byte[][] NOT_UTF8 = {
        {(byte) 0xC3, (byte) 0x28}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0x28}, {(byte) 0xFE, (byte) 0xFE},
    };

    /** Invalid UTF-8 inside a string the decoder reads (parameter, unit, a text field, the timestamp). */
    static Arbitrary<Spec> invalidUtf8() {
        return Combinators.combine(reading(), Arbitraries.of(NOT_UTF8),
                Arbitraries.of("location", "city", "country", "sourceName", "unit", "sourceType")).as((r, bad, field) -> {
                    r.fields.put(field, "MARK");
                    return id -> {
                        identify(r, id);
                        byte[] json = utf8(r.json());
                        return new Hostile(id, "invalid-utf8", replace(json, utf8("MARK"), bad), Outcome.DEAD_LETTER,
                                EnumSet.of(ErrorType.JSON_PARSE_FAILED), Double.NaN);
                    };
                });
    }

    // ------------------------------------------------------------------ structure

    /**
     * JSON nested 10,000 deep: in a field the decoder skips (the parser's depth limit: a parse failure),
     * in a field it reads (the wrong shape, seen before the depth matters: a schema mismatch), or as the
     * whole payload (an array: a schema mismatch).
     */
    static Arbitrary<Spec> deepNesting() {
        return Combinators.combine(reading(), Arbitraries.integers().between(0, 3)).as((r, where) -> id -> {
            identify(r, id);
            String deepArray = "[".repeat(DEEP) + "]".repeat(DEEP);
            StringBuilder deepObject = new StringBuilder();
            for (int i = 0; i < DEEP; i++) {
                deepObject.append("{\"a\":");
            }
            deepObject.append("1").append("}".repeat(DEEP));
            String json = r.json();
            String body = json.substring(1, json.length() - 1);
            switch (where) {
                case 0:
                    return new Hostile(id, "deep-nesting", utf8("{" + body + ",\"junk\":" + deepObject + "}"),
                            Outcome.DEAD_LETTER, EnumSet.of(ErrorType.JSON_PARSE_FAILED), Double.NaN);
                case 1:
                    return new Hostile(id, "deep-nesting", utf8("{\"attribution\":" + deepArray + "," + body + "}"),
                            Outcome.DEAD_LETTER, EnumSet.of(ErrorType.JSON_PARSE_FAILED), Double.NaN);
                case 2:
                    r.fields.remove("value");
                    String rest = r.json();
                    return new Hostile(id, "deep-nesting",
                            utf8("{\"value\":" + deepArray + "," + rest.substring(1)), Outcome.DEAD_LETTER,
                            EnumSet.of(ErrorType.SCHEMA_MISMATCH), Double.NaN);
                default:
                    return new Hostile(id, "deep-nesting", utf8(deepArray), Outcome.DEAD_LETTER,
                            EnumSet.of(ErrorType.SCHEMA_MISMATCH), Double.NaN);
            }
        });
    }

    /**
     * Numbers past every bound: too large for a double (Infinity: out of range), large but finite (out of
     * range), in the coordinates (out of range), and longer than the parser's 1,000-digit limit (a parse
     * failure, wherever it stands).
     */
    static Arbitrary<Spec> hugeNumbers() {
        return Combinators.combine(reading(), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(309, 999), Arbitraries.bigIntegers()
                        .between(java.math.BigInteger.TEN.pow(20), java.math.BigInteger.TEN.pow(60)))
                .as((r, kind, exponent, big) -> {
                    switch (kind) {
                        case 0:
                            r.fields.put("value", new Json.Raw("1e" + exponent));
                            return deadLetter("huge-numbers", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                        case 1:
                            r.fields.put("value", new Json.Raw(big.toString()));
                            return deadLetter("huge-numbers", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                        case 2:
                            coordinates(r, new Json.Raw("-" + big), 13.4);
                            return deadLetter("huge-numbers", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                        case 3:
                            r.fields.put("value", new Json.Raw("9".repeat(1_001 + exponent)));
                            return deadLetter("huge-numbers", EnumSet.of(ErrorType.JSON_PARSE_FAILED), r);
                        default:
                            r.fields.put("interval", new Json.Raw("1" + "0".repeat(2_000 + exponent)));
                            return deadLetter("huge-numbers", EnumSet.of(ErrorType.JSON_PARSE_FAILED), r);
                    }
                });
    }

    static void coordinates(Reading r, Object latitude, Object longitude) {
        if (r.fields.containsKey("latitude")) {
            r.fields.put("latitude", latitude);
            r.fields.put("longitude", longitude);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("latitude", latitude);
            c.put("longitude", longitude);
            r.fields.put("coordinates", c);
        }
    }

    /** NaN and ±Infinity as JSON literals and as strings, in the value and the coordinates. */
    static Arbitrary<Spec> nanAndInfinity() {
        return Combinators.combine(reading(), Arbitraries.of("NaN", "Infinity", "-Infinity", "+Infinity"),
                Arbitraries.integers().between(0, 2)).as((r, literal, where) -> {
                    Object v = where == 1 ? literal : new Json.Raw(literal);
                    if (where == 2) {
                        coordinates(r, v, 13.4);
                    } else {
                        r.fields.put("value", v);
                    }
                    return deadLetter("nan-infinity", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                });
    }

    /** A field the decoder reads holding a value of the wrong shape: a schema mismatch. */
    static Arbitrary<Spec> wrongTypes() {
        List<Object[]> cases = List.of(
                new Object[] {"value", "twelve"}, new Object[] {"value", true}, new Object[] {"value", List.of(1)},
                new Object[] {"value", Map.of("v", 1)}, new Object[] {"parameter", 25},
                new Object[] {"parameter", List.of("pm25")}, new Object[] {"unit", Map.of()},
                new Object[] {"unit", false}, new Object[] {"date", 20240501},
                new Object[] {"date", List.of("2024-05-01T00:00:00Z")}, new Object[] {"coordinates", List.of(52.5, 13.4)},
                new Object[] {"coordinates", "52.5,13.4"}, new Object[] {"mobile", "yes"}, new Object[] {"mobile", 1},
                new Object[] {"location", Map.of("name", "x")}, new Object[] {"city", List.of()},
                new Object[] {"sensorId", Map.of("id", 1)}, new Object[] {"averagingPeriod", 1},
                new Object[] {"averagingPeriod", Map.of("value", "an hour")}, new Object[] {"value", Json.NULL},
                new Object[] {"parameter", Json.NULL}, new Object[] {"unit", ""});
        return Combinators.combine(openAq(), Arbitraries.of(cases)).as((r, c) -> id -> {
            identify(r, id);
            r.fields.put((String) c[0], c[1]);
            return new Hostile(id, "wrong-types", utf8(r.json()), Outcome.DEAD_LETTER,
                    EnumSet.of(ErrorType.SCHEMA_MISMATCH), Double.NaN);
        });
    }

    /** Readings in OpenAQ's spelling only, for damage to a field the generator spelling names otherwise. */
    static Arbitrary<Reading> openAq() {
        return reading().filter(r -> !r.fields.containsKey("particle"));
    }

    /**
     * The same key twice, each occurrence well-typed. The decoder reads a payload once, field by field, so
     * the last occurrence wins (as in JavaScript's JSON.parse); a row carries the last value, and a last
     * value out of range makes a dead letter even when the first was fine.
     */
    static Arbitrary<Spec> duplicateKeys() {
        return Combinators.combine(reading(), Arbitraries.doubles().between(0, 40).ofScale(2),
                Arbitraries.integers().between(0, 3)).as((r, first, kind) -> id -> {
                    identify(r, id);
                    String json = r.json();
                    String body = json.substring(1, json.length() - 1);
                    String earlier;
                    Outcome outcome = Outcome.ROW;
                    Set<ErrorType> types = Set.of();
                    String later = "";
                    switch (kind) {
                        case 0:
                            earlier = "\"value\":" + first;
                            break;
                        case 1:
                            earlier = "\"sensorId\":\"someone-else\",\"serialNumber\":\"someone-else\"";
                            break;
                        case 2:
                            earlier = "\"value\":-999";
                            break;
                        default:
                            earlier = "\"value\":" + first;
                            later = ",\"value\":-999";
                            outcome = Outcome.DEAD_LETTER;
                            types = EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE);
                    }
                    return new Hostile(id, "duplicate-keys", utf8("{" + earlier + "," + body + later + "}"), outcome,
                            types, outcome == Outcome.ROW ? r.value : Double.NaN);
                });
    }

    // ------------------------------------------------------------------ time and size

    /**
     * Timestamps anywhere from year 0 to 9999, in the canonical and the offset spelling. Those more than
     * an hour after arrival are out of range; the others are rows unless {@link #distantPastIsDeadLetter}.
     */
    static Arbitrary<Spec> timestamps() {
        long first = LocalDateTime.of(0, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long last = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC).toEpochMilli();
        long now = System.currentTimeMillis();
        return Combinators.combine(reading(), Arbitraries.longs().between(first, last)
                        .withDistribution(RandomDistribution.uniform()).edgeCases(e -> e.add(first, last)),
                Arbitraries.of(true, false)).as((r, t0, canonical) -> {
                    long t = Math.abs(t0 - now) < NOW_MARGIN ? t0 - 2 * NOW_MARGIN : t0;
                    String text = canonical
                            ? DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                                    .format(LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1000L),
                                            (int) Math.floorMod(t, 1000L) * 1_000_000, ZoneOffset.UTC))
                            : DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx", Locale.ROOT)
                                    .format(LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1000L), 0, ZoneOffset.UTC)
                                            .atOffset(ZoneOffset.UTC));
                    if (r.fields.containsKey("date_utc")) {
                        r.fields.put("date_utc", text);
                    } else {
                        r.fields.put("date", Map.of("utc", text));
                    }
                    if (t > now) {
                        return deadLetter("timestamps-0-9999", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                    }
                    if (distantPastIsDeadLetter(t)) {
                        return deadLetter("timestamps-0-9999", EnumSet.of(ErrorType.VALUE_OUT_OF_RANGE), r);
                    }
                    return row("timestamps-0-9999", r);
                });
    }

    /**
     * A 20,000-character string in each field in turn. Free text (location, city, country, source name,
     * device id, an unknown field and its name) stays a row; in a field with a vocabulary (parameter, unit,
     * timestamp, number) it is a schema mismatch; a source type that is not exempt any more is denied.
     */
    static Arbitrary<Spec> overlongStrings() {
        List<String> fields = List.of("location", "city", "country", "sourceName", "sensorId", "junk", "junk-name",
                "name-past-limit",
                "parameter", "unit", "date", "value", "sourceType", "averagingPeriod");
        return Combinators.combine(openAq(), Arbitraries.of(fields),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(64)).as((r, field, seed) -> {
                    String longText = overlong(seed);
                    switch (field) {
                        case "sensorId":
                            return id -> {
                                r.fields.put("sensorId", id + "~" + longText);
                                return new Hostile(id, "overlong-strings", utf8(r.json()), Outcome.ROW, Set.of(), r.value);
                            };
                        case "junk":
                            r.fields.put("junk", longText);
                            return row("overlong-strings", r);
                        case "junk-name":
                            r.fields.put(longText, 1);
                            return row("overlong-strings", r);
                        case "name-past-limit":
                            r.fields.put("n".repeat(NAME_PAST_LIMIT), 1);
                            return deadLetter("overlong-strings", EnumSet.of(ErrorType.JSON_PARSE_FAILED), r);
                        case "parameter":
                        case "unit":
                            r.fields.put(field, longText);
                            return deadLetter("overlong-strings", EnumSet.of(ErrorType.SCHEMA_MISMATCH), r);
                        case "date":
                            r.fields.put("date", Map.of("utc", longText));
                            return deadLetter("overlong-strings", EnumSet.of(ErrorType.SCHEMA_MISMATCH), r);
                        case "value":
                            r.fields.put("value", longText);
                            return deadLetter("overlong-strings", EnumSet.of(ErrorType.SCHEMA_MISMATCH), r);
                        case "sourceType":
                            r.fields.put("sourceType", "government" + longText);
                            return id -> {
                                identify(r, id);
                                return new Hostile(id, "overlong-strings", utf8(r.json()), Outcome.DENIED, Set.of(),
                                        Double.NaN);
                            };
                        case "averagingPeriod":
                            r.fields.put("averagingPeriod", Map.of("value", 1, "unit", longText));
                            return row("overlong-strings", r);
                        default:
                            r.fields.put(field, longText);
                            return row("overlong-strings", r);
                    }
                });
    }

    /** {@link #OVERLONG} characters of the seed, accented, CJK and emoji, never a split surrogate pair. */
    static String overlong(String seed) {
        String s = (seed + "\u00e9\u4e2d\ud83d\ude00").repeat(OVERLONG / (seed.length() + 4) + 1).substring(0, OVERLONG);
        return Character.isHighSurrogate(s.charAt(s.length() - 1)) ? s.substring(0, s.length() - 1) + "x" : s;
    }

    /**
     * Records as large as Kinesis takes (1 MiB with the partition key): a valid reading padded with an
     * unknown field and one with a 1 MiB location (rows), random bytes and a reading with a 1 MiB parameter
     * (dead letters).
     */
    static List<Spec> megabyteRecords() {
        Random random = new Random(7);
        List<Spec> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String padField = i == 0 ? "junk" : "location";
            out.add(id -> {
                Reading r = plainReading(12.5);
                identify(r, id);
                r.fields.put(padField, "");
                int room = MAX_RECORD_BYTES - id.length() - utf8(r.json()).length;
                r.fields.put(padField, "p".repeat(room));
                return new Hostile(id, "1-mib", utf8(r.json()), Outcome.ROW, Set.of(), 12.5);
            });
        }
        out.add(id -> {
            byte[] b = new byte[MAX_RECORD_BYTES - id.length()];
            random.nextBytes(b);
            b[0] = (byte) 0xfe;
            return new Hostile(id, "1-mib", b, Outcome.DEAD_LETTER, ANY_READING_ERROR, Double.NaN);
        });
        out.add(id -> {
            Reading r = plainReading(12.5);
            identify(r, id);
            r.fields.put("parameter", "");
            r.fields.put("parameter", "q".repeat(MAX_RECORD_BYTES - id.length() - utf8(r.json()).length));
            return new Hostile(id, "1-mib", utf8(r.json()), Outcome.DEAD_LETTER, EnumSet.of(ErrorType.SCHEMA_MISMATCH),
                    Double.NaN);
        });
        return out;
    }

    static Reading plainReading(double value) {
        Reading r = new Reading();
        r.value = value;
        r.fields.put("date", Map.of("utc", Instant.ofEpochMilli(BASE_TIME).toString()));
        r.fields.put("parameter", "pm25");
        r.fields.put("value", value);
        r.fields.put("unit", "µg/m³");
        r.fields.put("sourceType", "government");
        return r;
    }

    // ------------------------------------------------------------------ bytes

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] replace(byte[] data, byte[] marker, byte[] with) {
        for (int i = 0; i + marker.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + marker.length, marker, 0, marker.length)) {
                byte[] out = new byte[data.length - marker.length + with.length];
                System.arraycopy(data, 0, out, 0, i);
                System.arraycopy(with, 0, out, i, with.length);
                System.arraycopy(data, i + marker.length, out, i + with.length, data.length - i - marker.length);
                return out;
            }
        }
        throw new IllegalArgumentException("marker not found");
    }
}
