package org.aqlake.job.pipeline;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.aqlake.job.support.PipelineRecipes.copy;
import static org.aqlake.job.support.PipelineRecipes.files;
import static org.aqlake.job.support.PipelineRecipes.runBatch;
import static org.aqlake.job.support.PipelineRecipes.schema;
import static org.aqlake.job.support.PipelineRecipes.sharedData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sql/pipelines/02_stedi on the real STEDI landing zone, with three spoiled lines added. DuckDB computes each
 * zone's rows from the landing files by the same rules, and reads the lake; no personal column or value
 * of the customer file reaches a curated table or a dead letter.
 */
class StediPipelineIT {

    static final String SPOILED_CUSTOMER = "{\"customerName\": \"Cut Off";
    static final String SPOILED_PERSONAL = "{\"customerName\":\"Ada Spoiled\",\"email\":\"Ada.Spoiled@test.com\","
            + "\"phone\":\"8015550199\",\"birthDay\":\"1971-04-02\",\"registrationDate\":1655564376361}";
    static final List<String> SPOILED_PERSONAL_VALUES = List.of("Cut Off", "Ada Spoiled", "Ada.Spoiled@test.com",
            "8015550199", "1971-04-02", "Santosh.Clayton@test.com");
    static final String SPOILED_READING = "{\"user\":\"Santosh.Clayton@test.com\",\"timestamp\":\"soon\",\"x\":1.0,"
            + "\"y\":1.0,\"z\":1.0}";
    static final List<String> PERSONAL_COLUMNS = List.of("customername", "email", "phone", "birthday", "user");
    static final List<String> CURATED = List.of("customer_curated", "machine_learning_curated");

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().duckDb().build();

    @TempDir
    static Path dir;
    static Path lake;

    @BeforeAll
    static void runTheRecipe() throws Exception {
        Path input = copy(sharedData("stedi"), dir.resolve("input"));
        Files.write(input.resolve("customer/landing/spoiled.json"), List.of(SPOILED_CUSTOMER, SPOILED_PERSONAL),
                StandardCharsets.UTF_8);
        try (var files = Files.list(input.resolve("accelerometer/landing"))) {
            Files.write(files.sorted().findFirst().orElseThrow(), List.of(SPOILED_READING), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        lake = dir.resolve("lake");
        runBatch("02_stedi", lake, Map.of("input", input.toUri().toString()));
        // the untouched landing files, as DuckDB's own tables, for its reading of the zones' rules
        Path landing = sharedData("stedi").toAbsolutePath();
        LAKE.duckDb().execute("CREATE TABLE customer_landing AS SELECT * FROM read_json_auto(?,"
                + " format = 'newline_delimited')", landing.resolve("customer/landing/*.json").toString());
        LAKE.duckDb().execute("CREATE TABLE accelerometer_landing AS SELECT * FROM read_json_auto(?,"
                + " format = 'newline_delimited')", landing.resolve("accelerometer/landing/*.json").toString());
        LAKE.duckDb().execute("CREATE TABLE step_trainer_landing AS SELECT * FROM read_json_auto(?,"
                + " format = 'newline_delimited')", landing.resolve("step_trainer/landing/*.json").toString());
    }

    static String customers() {
        return "customer_landing";
    }

    static String readings() {
        return "accelerometer_landing";
    }

    static String steps() {
        return "step_trainer_landing";
    }

    /** DuckDB's count of a query's rows, on the class's connection, where the landing tables are. */
    static long count(String sql, Object... params) throws Exception {
        return ((Number) LAKE.duckDb().rows("SELECT count(*) AS n FROM (" + sql + ")", params).get(0).get("n"))
                .longValue();
    }

    static long rows(String table) throws Exception {
        return count("SELECT * FROM read_parquet(?)", files(lake.resolve(table)));
    }

    static String trustedReadings() {
        return "SELECT a.user, a.timestamp, c.serialNumber FROM " + readings() + " a JOIN " + customers()
                + " c ON a.user = c.email WHERE c.shareWithResearchAsOfDate IS NOT NULL"
                + " AND a.timestamp >= c.shareWithResearchAsOfDate";
    }

    @Test
    void theTrustedCustomersAreThe482WhoSharedWithResearch() throws Exception {
        long expected = count("SELECT * FROM " + customers() + " WHERE shareWithResearchAsOfDate IS NOT NULL");

        assertThat(rows("trusted/customer_trusted")).isEqualTo(expected).isEqualTo(482);
    }

    @Test
    void trustedReadingsAreThoseOfConsentingCustomersFromTheirConsentOn() throws Exception {
        long consenting = count("SELECT * FROM " + readings() + " WHERE user IN (SELECT email FROM " + customers()
                + " WHERE shareWithResearchAsOfDate IS NOT NULL)");

        assertThat(consenting).isEqualTo(9_900);
        assertThat(rows("trusted/accelerometer_trusted")).isEqualTo(count(trustedReadings())).isEqualTo(7_817);
        // none measured before its owner's consent
        assertThat(count("SELECT * FROM read_parquet(?) a JOIN " + customers() + " c ON a.user = c.email"
                + " WHERE a.timestamp < c.shareWithResearchAsOfDate OR c.shareWithResearchAsOfDate IS NULL",
                files(lake.resolve("trusted/accelerometer_trusted")))).isZero();
    }

    @Test
    void curatedCustomersStepsAndMachineLearningRowsFollowTheTrustedReadings() throws Exception {
        String curatedSerials = "SELECT DISTINCT serialNumber FROM (" + trustedReadings() + ")";

        assertThat(rows("curated/customer_curated")).isEqualTo(count(curatedSerials)).isEqualTo(315);
        assertThat(rows("trusted/step_trainer_trusted")).isEqualTo(count("SELECT * FROM " + steps()
                + " WHERE serialNumber IN (" + curatedSerials + ")")).isEqualTo(4_210);
        assertThat(rows("curated/machine_learning_curated")).isEqualTo(count("SELECT * FROM " + steps()
                + " s JOIN (" + trustedReadings() + ") r ON s.serialNumber = r.serialNumber"
                + " AND s.sensorReadingTime = r.timestamp")).isEqualTo(7_817);
    }

    @Test
    void noPersonalColumnOrValueIsInAnyCuratedTable() throws Exception {
        String personal = "SELECT customerName AS v FROM " + customers() + " UNION SELECT email FROM " + customers()
                + " UNION SELECT phone FROM " + customers() + " UNION SELECT birthDay FROM " + customers();
        assertThat(count(personal)).isGreaterThan(956);

        for (String table : CURATED) {
            Path t = lake.resolve("curated/" + table);
            assertThat(schema(t).keySet()).as(table).isNotEmpty()
                    .noneMatch(c -> PERSONAL_COLUMNS.contains(c.toLowerCase(java.util.Locale.ROOT)));
            assertThat(count("SELECT * FROM (SELECT CAST(t AS VARCHAR) AS r FROM read_parquet(?) t) rows, ("
                    + personal + ") p WHERE contains(rows.r, p.v)", files(t))).as(table).isZero();
        }
    }

    static String sha256(String line) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
        return String.format("%064x", new BigInteger(1, digest));
    }

    @Test
    void theSpoiledLinesAreDeadLettersWithTheirReasonAndTheirHashInsteadOfThePersonalLine() throws Exception {
        List<Map<String, Object>> errors = DuckDb.query("SELECT source_table, reason, line, line_sha256"
                + " FROM read_json_auto(?) ORDER BY source_table, reason", files(lake.resolve("errors")));

        assertThat(errors).extracting(e -> e.get("source_table") + " " + e.get("reason") + " " + e.get("line") + " "
                + e.get("line_sha256"))
                .containsExactly("accelerometer bad-timestamp null " + sha256(SPOILED_READING),
                        "customer no-serial-number null " + sha256(SPOILED_PERSONAL),
                        "customer not-a-json-object null " + sha256(SPOILED_CUSTOMER));
    }

    @Test
    void noNameEmailPhoneOrBirthdayIsInADeadLetter() throws Exception {
        String personal = "SELECT customerName AS v FROM " + customers() + " UNION SELECT email FROM " + customers()
                + " UNION SELECT phone FROM " + customers() + " UNION SELECT birthDay FROM " + customers();
        String text;
        try (var files = Files.walk(lake.resolve("errors"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toArray(Path[]::new)) {
                all.append(Files.readString(f));
            }
            text = all.toString();
        }

        assertThat(text).contains("no-serial-number");
        assertThat(SPOILED_PERSONAL_VALUES).allSatisfy(v -> assertThat(text).doesNotContain(v));
        assertThat(count("SELECT * FROM (" + personal + ") p WHERE contains(?, p.v)", text)).isZero();
    }
}
