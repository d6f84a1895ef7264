package org.aqlake.job.consent;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.sink.DeadLetterEncoder;
import org.aqlake.job.support.TestConsent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeConsentTest {

    static final String STREAM = "aq-consent";
    static final String SHARD = "shardId-000000000000";
    static final String SERIAL = "20400202-c1da-4328-8e94-5bacc7d61ecb";
    static final long UPDATED = 1_655_564_414_415L;
    static final long ARRIVAL = UPDATED + 1_000L;
    static final String BOOTSTRAP = "s3://aq-registry/consent";

    static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ConsentRecord> h) {
        List<DeadLetter> out = new ArrayList<>();
        if (h.getSideOutput(DecodeConsent.DEAD_LETTERS) != null) {
            for (StreamRecord<DeadLetter> r : h.getSideOutput(DecodeConsent.DEAD_LETTERS)) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    @Test
    void aStreamRecordBecomesAConsentRecordWithNothingPersonalInIt() throws Exception {
        try (OneInputStreamOperatorTestHarness<KinesisRecord, ConsentRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeConsent.FromStream())) {
            byte[] line = TestConsent.stediLine(SERIAL, UPDATED, UPDATED).getBytes(StandardCharsets.UTF_8);
            h.processElement(new KinesisRecord(line, STREAM, SHARD, "1", SERIAL + "@example.com", ARRIVAL), ARRIVAL);

            assertThat(h.extractOutputValues()).containsExactly(new ConsentRecord(SERIAL, UPDATED, UPDATED));
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void aBadStreamRecordIsARedactedDeadLetterWithoutItsPartitionKey() throws Exception {
        try (OneInputStreamOperatorTestHarness<KinesisRecord, ConsentRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeConsent.FromStream())) {
            String line = TestConsent.stediLine(SERIAL, null, UPDATED).replace(",\"lastUpdateDate\":" + UPDATED, "");
            h.processElement(new KinesisRecord(line.getBytes(StandardCharsets.UTF_8), STREAM, SHARD, "2",
                    SERIAL + "@example.com", ARRIVAL), ARRIVAL);

            assertThat(h.extractOutputValues()).isEmpty();
            DeadLetter d = deadLetters(h).get(0);
            assertThat(d.errorType).isEqualTo(ErrorType.CONSENT_SCHEMA_MISMATCH);
            assertThat(d.field).isEqualTo("lastUpdateDate");
            assertThat(d.reason).contains("lastUpdateDate is missing").contains("keys and value types");
            assertThat(d.redacted).isTrue();
            String skeleton = new String(d.payload, StandardCharsets.UTF_8);
            assertThat(skeleton).contains("\"serialNumber\":\"<string>\"").contains("\"email\":\"<string>\"")
                    .doesNotContain(SERIAL);
            assertThat(d.partitionKey).isNull();
            assertThat(d.stream).isEqualTo(STREAM);
            assertThat(d.shardId).isEqualTo(SHARD);
            assertThat(d.sequenceNumber).isEqualTo("2");
        }
    }

    @Test
    void aBootstrapLineThatIsNotJsonIsADeadLetterWithoutAnyPayloadNamingTheSnapshot() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, ConsentRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeConsent.FromBootstrap(BOOTSTRAP))) {
            h.processElement("Santosh Clayton, Santosh.Clayton@test.com, 8015551212", 0L);
            h.processElement("", 0L);
            h.processElement(TestConsent.stediLine(SERIAL, UPDATED, UPDATED), 0L);

            assertThat(h.extractOutputValues()).containsExactly(new ConsentRecord(SERIAL, UPDATED, UPDATED));
            List<DeadLetter> letters = deadLetters(h);
            assertThat(letters).hasSize(1);
            DeadLetter d = letters.get(0);
            assertThat(d.payload).isNull();
            assertThat(d.reason).contains("payload withheld").doesNotContain("Santosh");
            assertThat(d.stream).isEqualTo(BOOTSTRAP);
            assertThat(d.shardId).isNull();
            assertThat(d.arrivalTime).isPositive();
        }
    }

    @Test
    void anEmailInADateFieldOrAnyOtherFieldIsNowhereInTheWrittenDeadLetter() throws Exception {
        String email = "Santosh.Clayton@test.com";
        String line = "{\"customerName\":\"Santosh Clayton\",\"email\":\"" + email + "\",\"phone\":\"8015551212\","
                + "\"serialNumber\":\"" + SERIAL + "\",\"shareWithResearchAsOfDate\":\"" + email + "\","
                + "\"lastUpdateDate\":" + UPDATED + ",\"registrationDate\":\"" + email + "\"}";
        try (OneInputStreamOperatorTestHarness<String, ConsentRecord> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeConsent.FromBootstrap(BOOTSTRAP))) {
            h.processElement(line, 0L);

            assertThat(h.extractOutputValues()).isEmpty();
            DeadLetter d = deadLetters(h).get(0);
            assertThat(d.field).isEqualTo("shareWithResearchAsOfDate");
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            new DeadLetterEncoder().encode(d, written);
            String text = written.toString(StandardCharsets.UTF_8);

            assertThat(text).contains("\"payload_encoding\":\"redacted\"").contains("shareWithResearchAsOfDate")
                    .doesNotContain("Santosh").doesNotContain("test.com").doesNotContain("8015551212")
                    .doesNotContain(SERIAL).doesNotContain(Long.toString(UPDATED));
        }
    }
}
