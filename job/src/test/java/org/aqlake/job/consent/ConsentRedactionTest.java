package org.aqlake.job.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.support.TestReadings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentRedactionTest {

    static final ConsentRules RULES = new ConsentRules(Set.of("government", "research"), Duration.ofMinutes(5),
            Duration.ofHours(1));
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMAIL = "Santosh.Clayton@test.com";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSkeletonKeepsKnownKeysAndTheTypesOfValuesButNoValue() throws Exception {
        String line = "{\"serialNumber\":\"" + EMAIL + "\",\"shareWithResearchAsOfDate\":\"" + EMAIL + "\","
                + "\"lastUpdateDate\":1655564149663,\"mobile\":true,\"coordinates\":{\"latitude\":51.5,"
                + "\"longitude\":null},\"attribution\":[{\"name\":\"" + EMAIL + "\"}]}";

        byte[] skeleton = ConsentRedaction.skeleton(utf8(line));
        JsonNode tree = JSON.readTree(skeleton);

        assertThat(new String(skeleton, StandardCharsets.UTF_8)).doesNotContain("Santosh").doesNotContain("test.com")
                .doesNotContain("1655564149663").doesNotContain("51.5").doesNotContain("true");
        assertThat(tree.get("shareWithResearchAsOfDate").asText()).isEqualTo("<string>");
        assertThat(tree.get("lastUpdateDate").asText()).isEqualTo("<number>");
        assertThat(tree.get("mobile").asText()).isEqualTo("<boolean>");
        assertThat(tree.get("coordinates").get("latitude").asText()).isEqualTo("<number>");
        assertThat(tree.get("coordinates").get("longitude").isNull()).isTrue();
        assertThat(tree.get("attribution").get(0).get("name").asText()).isEqualTo("<string>");
    }

    @Test
    void anUnknownKeyIsRenamedBecauseAKeyCanBeAValueToo() throws Exception {
        byte[] skeleton = ConsentRedaction.skeleton(utf8("{\"" + EMAIL + "\":1,\"other\":2,\"value\":3}"));

        assertThat(JSON.readTree(skeleton).fieldNames()).toIterable()
                .containsExactly("<field 1>", "<field 2>", "value");
        assertThat(new String(skeleton, StandardCharsets.UTF_8)).doesNotContain("Santosh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json a@b.c", "[{\"email\":\"a@b.c\"}]", "\"a@b.c\"", "", "{\"email\":\"a@b.c\""})
    void aPayloadThatIsNotACompleteJsonObjectIsNotKeptAtAll(String payload) {
        assertThat(ConsentRedaction.skeleton(utf8(payload))).isNull();
    }

    @Test
    void anObjectNestedTenThousandDeepIsWithheldWithoutFailing() {
        int depth = 10_000;
        String deep = "{\"sourceType\":\"government\",\"a\":".repeat(depth) + "1" + "}".repeat(depth);

        assertThat(ConsentRedaction.skeleton(utf8(deep))).isNull();
        assertThat(ConsentRedaction.provablyExempt(utf8(deep), RULES)).isFalse();
    }

    @Test
    void aGzippedPayloadIsInflatedBeforeItsSkeletonIsTaken() throws Exception {
        byte[] skeleton = ConsentRedaction.skeleton(TestReadings.gzip(utf8("{\"email\":\"" + EMAIL + "\"}")));

        assertThat(JSON.readTree(skeleton).get("email").asText()).isEqualTo("<string>");
    }

    @Test
    void onlyAnExemptSourceTypeInEverySpellingProvesAReadingExempt() {
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":\"government\"}"), RULES)).isTrue();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"entity\":\" Research \",\"value\":\"x\"}"), RULES))
                .isTrue();
        assertThat(ConsentRedaction.provablyExempt(TestReadings.gzip(utf8("{\"sourceType\":\"government\"}")), RULES))
                .isTrue();

        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":\"community\"}"), RULES)).isFalse();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"value\":1}"), RULES)).as("no source type").isFalse();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":\"government\",\"entity\":\"community\"}"),
                RULES)).as("a second spelling").isFalse();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":\"government\",\"sourceType\":\"community\"}"),
                RULES)).as("a duplicate key").isFalse();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":[\"government\"]}"), RULES)).isFalse();
        assertThat(ConsentRedaction.provablyExempt(utf8("{\"sourceType\":\"government\",\"val"), RULES))
                .as("truncated").isFalse();
        assertThat(ConsentRedaction.provablyExempt(new byte[] {(byte) 0xff, (byte) 0xfe}, RULES)).isFalse();
    }

    @Test
    void aRedactedDeadLetterLosesItsPartitionKeyAndKeepsItsLineageAndTheValueFreeReason() {
        KinesisRecord record = new KinesisRecord(utf8("{\"email\":\"" + EMAIL + "\"}"), "aq-consent",
                "shardId-000000000001", "42", EMAIL, 7L);

        DeadLetter d = ConsentRedaction.redact(DeadLetter.of(record, ErrorType.CONSENT_SCHEMA_MISMATCH, "serialNumber",
                "serialNumber is missing"), "serialNumber is missing", "why");

        assertThat(d.redacted).isTrue();
        assertThat(d.partitionKey).isNull();
        assertThat(d.reason).startsWith("serialNumber is missing; why").doesNotContain("Santosh");
        assertThat(new String(d.payload, StandardCharsets.UTF_8)).isEqualTo("{\"email\":\"<string>\"}");
        assertThat(d.stream).isEqualTo("aq-consent");
        assertThat(d.shardId).isEqualTo("shardId-000000000001");
        assertThat(d.sequenceNumber).isEqualTo("42");
        assertThat(d.arrivalTime).isEqualTo(7L);
    }
}
