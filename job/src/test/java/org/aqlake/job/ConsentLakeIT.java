package org.aqlake.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentDenial;
import org.aqlake.job.consent.ConsentRedaction;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.support.EmbeddedS3;
import org.aqlake.job.support.KinesisEmulator;
import org.aqlake.job.support.LakeContents;
import org.aqlake.job.support.LakeFixtures;
import org.aqlake.job.support.LakeTestJob;
import org.aqlake.job.support.Polling;
import org.aqlake.job.support.StediCustomers;
import org.aqlake.job.support.StediCustomers.Customer;
import org.aqlake.job.support.TestReadings;
import org.aqlake.job.support.TestRecord;
import org.aqlake.job.metrics.MetricNames;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real STEDI customer registry through the whole pipeline, on a MiniCluster at parallelism 2 with
 * the Kinesis emulator and S3Proxy. Half of the registry is a bootstrap snapshot in S3 (one plain and
 * one gzip object), the other half is sent to a consent stream in lastUpdateDate order. Every serial
 * number gets three community readings: a minute before its consent date (its lastUpdateDate when it
 * never consented), at it, and a minute after. Exempt readings and readings without a device id are
 * mixed in, and so are three malformed registry records full of personal data (one with an email in its
 * date fields) and malformed community readings of registered devices. The job is stopped with drain,
 * which decides whatever is still held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentLakeIT {

    static final String STREAM = "consent-lake-it";
    static final String CONSENT_STREAM = "consent-lake-it-consent";
    static final String REGISTRY_BUCKET = "aq-registry";
    static final String REGISTRY_PREFIX = "customer/landing";
    static final int SHARDS = 4;
    static final long MINUTE = 60_000L;
    static final long[] OFFSETS = {-MINUTE, 0, MINUTE};
    static final int EXTRAS_PER_KIND = 20;
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Put in the date fields of a registry record: it must not reach any file of the lake. */
    static final String EMAIL_IN_A_DATE = "leaked.date@example.org";
    /** The location of the malformed community readings: it must not reach the errors table. */
    static final String BACKYARD = "Backyard of ";

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().kinesis().s3(REGISTRY_BUCKET).build();

    // what the one run of the job was given and left: set before all tests, which only read it
    private Path work;
    private List<Customer> customers;
    private final List<TestRecord> readings = new ArrayList<>();
    /** Readings that pass without consent: id of each. */
    private final Set<String> exempt = new LinkedHashSet<>();
    private int withoutDeviceId;
    /** Malformed community readings of registered devices: redacted dead letters. */
    private final List<TestRecord> badCommunity = new ArrayList<>();
    private LakeContents lake;
    private Path lakeFiles;
    private final Map<ConsentDenial, Long> denied = new EnumMap<>(ConsentDenial.class);
    private long consentRecordsRead;
    private long consentDeadLetters;

    @BeforeAll
    void runTheRegistryAndItsReadingsThroughThePipeline(@InjectMiniCluster MiniCluster cluster, @TempDir Path work)
            throws Exception {
        this.work = work;
        customers = StediCustomers.all();
        EmbeddedS3 s3 = LAKE.s3();

        List<String> lines = customers.stream().map(c -> c.line).collect(Collectors.toList());
        int half = lines.size() / 2;
        int quarter = half / 2;
        // a customer's record with a broken date: everything personal in it must stay out of the lake
        String brokenSnapshotLine = customers.get(0).line.replaceFirst("\"lastUpdateDate\": *\\d+",
                "\"lastUpdateDate\": \"yesterday\"");
        String notJson = "customerName=" + customers.get(1).json.get("customerName").asText() + "; email="
                + customers.get(1).json.get("email").asText();
        List<String> plainPart = new ArrayList<>(lines.subList(0, quarter));
        plainPart.add(brokenSnapshotLine);
        s3.put(REGISTRY_BUCKET, REGISTRY_PREFIX + "/part-0.json", String.join("\n", plainPart).getBytes(StandardCharsets.UTF_8));
        s3.put(REGISTRY_BUCKET, REGISTRY_PREFIX + "/part-1.json.gz",
                TestReadings.gzip(String.join("\n", lines.subList(quarter, half)).getBytes(StandardCharsets.UTF_8)));
        List<Customer> streamed = new ArrayList<>(customers.subList(half, customers.size()));
        streamed.sort(Comparator.comparingLong(Customer::lastUpdateDate));
        List<TestRecord> consentRecords = new ArrayList<>();
        for (Customer c : streamed) {
            consentRecords.add(new TestRecord(c.serialNumber(), TestReadings.utf8(c.line), null, c.lastUpdateDate()));
        }
        consentRecords.add(new TestRecord("not-json", TestReadings.utf8(notJson), null, 0));
        String emailInDates = customers.get(2).line
                .replaceFirst("\"lastUpdateDate\": *\\d+", "\"lastUpdateDate\": \"" + EMAIL_IN_A_DATE + "\"")
                .replaceFirst("\"registrationDate\": *\\d+", "\"registrationDate\": \"" + EMAIL_IN_A_DATE + "\"")
                .replaceFirst("\\}$", ",\"shareWithResearchAsOfDate\": \"" + EMAIL_IN_A_DATE + "\"}");
        assertThat(emailInDates).contains("\"lastUpdateDate\": \"" + EMAIL_IN_A_DATE)
                .contains("\"shareWithResearchAsOfDate\": \"" + EMAIL_IN_A_DATE);
        consentRecords.add(new TestRecord("email-in-dates", TestReadings.utf8(emailInDates), null, 0));

        buildReadings();

        Map<String, String> c = LakeTestJob.config(STREAM);
        c.put("consent.stream", CONSENT_STREAM);
        c.put("consent.bootstrap-path", "s3://" + REGISTRY_BUCKET + "/" + REGISTRY_PREFIX);
        c.put("consent.max-wait", "30 min");
        // uncompressed, so that a byte search of the Parquet files really searches their strings
        c.put("lake.parquet-compression", "UNCOMPRESSED");
        JobConfig cfg = JobConfig.from(c);

        try (KinesisClient kinesis = KinesisEmulator.client()) {
            KinesisEmulator.createStream(kinesis, STREAM, SHARDS);
            KinesisEmulator.createStream(kinesis, CONSENT_STREAM, 1);
            KinesisEmulator.put(kinesis, CONSENT_STREAM, consentRecords);
            KinesisEmulator.put(kinesis, STREAM, readings);
        }

        StreamExecutionEnvironment env = LakeTestJob.environment(cluster);
        env.enableCheckpointing(1000);
        AqLakePipeline.build(AqLakeJob.createSource(env, cfg), cfg, JobSinks.create(cfg));
        JobClient job = env.executeAsync("consent-lake-it");
        try {
            // the raw archive is committed on checkpoints that every operator has passed
            Polling.await(TIMEOUT, "every reading read and checkpointed",
                    () -> rawLines() >= readings.size(), () -> "raw lines so far: " + rawLines());
            LakeTestJob.drain(job, work.resolve("savepoints"));
        } finally {
            LakeTestJob.cancel(job);
        }
        for (ConsentDenial d : ConsentDenial.values()) {
            denied.put(d, LAKE.counter(job.getJobID(),
                    "." + MetricNames.DENIAL_REASON + "." + d.id() + "." + MetricNames.CONSENT_DENIED));
        }
        consentRecordsRead = LAKE.counter(job.getJobID(), "." + MetricNames.CONSENT_RECORDS);
        consentDeadLetters = LAKE.counter(job.getJobID(), "." + MetricNames.ERROR_TYPE
                + "." + ErrorType.CONSENT_SCHEMA_MISMATCH.id() + "." + MetricNames.DEAD_LETTERS);
        lake = copyLake();
    }

    /** Three community readings per customer around its consent date, and the exempt and device-less extras. */
    void buildReadings() {
        int n = 0;
        for (Customer c : customers) {
            long date = c.researchFrom() != null ? c.researchFrom() : c.lastUpdateDate();
            for (long offset : OFFSETS) {
                // both spellings of a device id: sensorId (OpenAQ) and serialNumber (STEDI, generator)
                String idField = n % 2 == 0 ? "sensorId" : "serialNumber";
                readings.add(reading("r-" + n++, date + offset, "community", idField, c.serialNumber()));
            }
        }
        List<Customer> neverConsented = customers.stream().filter(c -> c.researchFrom() == null)
                .collect(Collectors.toList());
        long t = customers.get(0).lastUpdateDate();
        for (int i = 0; i < EXTRAS_PER_KIND; i++) {
            TestRecord gov = reading("gov-" + i, t, "government", "sensorId", neverConsented.get(i).serialNumber());
            TestRecord research = reading("research-" + i, t, "research", null, null);
            readings.add(gov);
            readings.add(research);
            exempt.add(gov.id);
            exempt.add(research.id);
            readings.add(reading("community-" + i, t, "community", null, null));
            readings.add(reading("other-" + i, t, "other", null, null));
            readings.add(reading("untyped-" + i, t, null, null, null));
            withoutDeviceId += 3;
            // off the globe: a dead letter made before the gate could decide, of a device that never consented
            Map<String, Object> bad = json("bad-community-" + i, t, "community", "serialNumber",
                    neverConsented.get(i).serialNumber());
            bad.put("location", BACKYARD + neverConsented.get(i).serialNumber());
            bad.put("coordinates", Map.of("latitude", 123.4567, "longitude", 7.654321));
            badCommunity.add(new TestRecord("bad-community-" + i, bytes(bad), ErrorType.VALUE_OUT_OF_RANGE, 0));
        }
        readings.addAll(badCommunity);
        Collections.shuffle(readings, new Random(42));
    }

    static TestRecord reading(String id, long t, String sourceType, String idField, String deviceId) {
        return new TestRecord(id, bytes(json(id, t, sourceType, idField, deviceId)), null, t);
    }

    static byte[] bytes(Map<String, Object> o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> json(String id, long t, String sourceType, String idField, String deviceId) {
        Map<String, Object> o = new HashMap<>();
        o.put("date", Map.of("utc", Instant.ofEpochMilli(t).toString()));
        o.put("parameter", "pm25");
        o.put("value", 7.5);
        o.put("unit", "µg/m³");
        o.put("location", id);
        if (sourceType != null) {
            o.put("sourceType", sourceType);
        }
        if (idField != null) {
            o.put(idField, deviceId);
        }
        return o;
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void theRowsPassedEqualACountComputedFromTheRegistryFile() throws Exception {
        long consented = 0;
        for (Customer c : customers) {
            Long from = c.researchFrom();
            long date = from != null ? from : c.lastUpdateDate();
            for (long offset : OFFSETS) {
                long t = date + offset;
                // consent in force: given on or before the reading, by a record written on or before it
                if (from != null && from <= t && c.lastUpdateDate() <= t) {
                    consented++;
                }
            }
        }
        Map<String, Long> rowsPerReading = lake.readings().stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("location"), Collectors.counting()));

        assertThat(customers).hasSize(956);
        assertThat(consented).isEqualTo(2 * 482);
        assertThat(rowsPerReading.values()).containsOnly(1L);
        assertThat(rowsPerReading).hasSize((int) consented + exempt.size());
        assertThat(rowsPerReading.keySet()).containsAll(exempt);
    }

    @Test
    void aCommunityReadingPassesOnlyAtOrAfterItsDevicesConsentDate() throws Exception {
        Map<String, Long> consentFrom = new HashMap<>();
        for (Customer c : customers) {
            if (c.researchFrom() != null) {
                consentFrom.put(c.serialNumber(), Math.max(c.researchFrom(), c.lastUpdateDate()));
            }
        }

        assertThat(lake.readings()).filteredOn(r -> "community".equals(r.get("source_type"))).allSatisfy(r -> {
            Long from = consentFrom.get((String) r.get("device_id"));
            assertThat(from).as("consent of %s", r.get("device_id")).isNotNull();
            assertThat((Long) r.get("event_time")).isGreaterThanOrEqualTo(from);
        });
    }

    @Test
    void everyDenialIsCountedByItsReason() {
        long gated = 3L * customers.size();

        assertThat(denied).containsEntry(ConsentDenial.NO_CONSENT, gated - 2 * 482)
                .containsEntry(ConsentDenial.NO_DEVICE_ID, (long) withoutDeviceId)
                .containsEntry(ConsentDenial.REVOKED, 0L)
                .containsEntry(ConsentDenial.UNKNOWN_AFTER_WAIT, 0L);
        assertThat(consentRecordsRead).isEqualTo(customers.size());
    }

    @Test
    void malformedRegistryRecordsAreRedactedDeadLetters() throws Exception {
        List<Map<String, Object>> letters = lake.deadLetters().stream()
                .filter(d -> ErrorType.CONSENT_SCHEMA_MISMATCH.id().equals(d.get("error_type")))
                .collect(Collectors.toList());

        assertThat(consentDeadLetters).isEqualTo(3);
        assertThat(letters).hasSize(3).allSatisfy(d -> assertThat(d.get("partition_key")).isNull());
        Map<String, Object> snapshotLine = letters.stream()
                .filter(d -> ("s3://" + REGISTRY_BUCKET + "/" + REGISTRY_PREFIX).equals(d.get("stream")))
                .findFirst().orElseThrow();
        assertThat(snapshotLine.get("field")).isEqualTo("lastUpdateDate");
        assertThat(snapshotLine.get("payload_encoding")).isEqualTo(ConsentRedaction.REDACTED_ENCODING);
        JsonNode skeleton = JSON.readTree((String) snapshotLine.get("payload"));
        assertThat(skeleton.fieldNames()).toIterable().contains("serialNumber", "email", "lastUpdateDate");
        skeleton.fields().forEachRemaining(e -> assertThat(e.getValue().asText()).as(e.getKey())
                .isIn("<string>", "<number>", "<boolean>", "null"));
        Map<String, Object> notJson = letters.stream().filter(d -> CONSENT_STREAM.equals(d.get("stream")))
                .filter(d -> d.get("payload") == null).findFirst().orElseThrow();
        assertThat((String) notJson.get("reason")).contains("payload withheld");
    }

    @Test
    void malformedCommunityReadingsAreDeadLettersWithoutTheirDeviceLocationOrCoordinates() throws Exception {
        List<Map<String, Object>> letters = lake.deadLetters().stream()
                .filter(d -> ErrorType.VALUE_OUT_OF_RANGE.id().equals(d.get("error_type")))
                .collect(Collectors.toList());
        Set<String> serials = customers.stream().map(Customer::serialNumber).collect(Collectors.toSet());
        String errors = readAll(lake.errorsDir);

        assertThat(letters).hasSize(badCommunity.size()).allSatisfy(d -> {
            assertThat(d.get("partition_key")).isNull();
            assertThat(d.get("field")).isEqualTo("coordinates.latitude");
        });
        assertThat(errors).doesNotContain(BACKYARD.toLowerCase(Locale.ROOT)).doesNotContain("123.4567")
                .doesNotContain("7.654321");
        for (String serial : serials) {
            assertThat(errors).as("a device id in errors/").doesNotContain(serial.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void theConsentStreamIsNeverArchivedRaw() throws Exception {
        List<Map<String, Object>> raw = lake.raw();

        assertThat(raw).hasSize(readings.size());
        assertThat(raw).extracting(r -> r.get("stream")).containsOnly(STREAM);
    }

    @Test
    void noNameEmailPhoneOrBirthdayFromTheRegistryAppearsInAnyFileOfTheLake() throws Exception {
        Set<String> personal = new LinkedHashSet<>();
        for (Customer c : customers) {
            personal.addAll(c.personalValues());
        }
        personal.add(EMAIL_IN_A_DATE);
        List<Path> files;
        try (Stream<Path> s = Files.walk(lakeFiles)) {
            files = s.filter(Files::isRegularFile).collect(Collectors.toList());
        }

        // every name and email is distinct; phones and birthdays repeat
        assertThat(personal).hasSizeGreaterThan(2 * customers.size());
        assertThat(files).extracting(f -> f.getFileName().toString().replaceAll("^.*?\\.", ""))
                .contains("parquet", "jsonl", "jsonl.gz");
        for (Path f : files) {
            String text = readable(f);
            String key = lakeFiles.relativize(f).toString();
            for (String value : personal) {
                String v = value.toLowerCase(Locale.ROOT);
                assertThat(text).as("%s holds %s", key, value).doesNotContain(v);
                assertThat(key.toLowerCase(Locale.ROOT)).doesNotContain(v);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Every file under the folder, as one lower-case text. */
    static String readAll(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                all.append(readable(f)).append('\n');
            }
        }
        return all.toString();
    }

    /** The file's bytes as lower-case text, inflated when gzip: Parquet is written uncompressed here. */
    static String readable(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (f.toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                bytes = out.toByteArray();
            }
        }
        return new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    private int copies;

    LakeContents copyLake() throws Exception {
        Path snapshot = work.resolve("copy-" + (++copies));
        Path t = snapshot.resolve("transformed");
        Path r = snapshot.resolve("raw");
        LAKE.s3().download(LakeTestJob.TRANSFORMED_BUCKET, STREAM + "/", t);
        LAKE.s3().download(LakeTestJob.RAW_BUCKET, STREAM + "/", r);
        lakeFiles = snapshot;
        return new LakeContents(t.resolve(STREAM).resolve("readings"), t.resolve(STREAM).resolve("errors"),
                r.resolve(STREAM));
    }

    int rawLines() {
        try {
            return copyLake().raw().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
