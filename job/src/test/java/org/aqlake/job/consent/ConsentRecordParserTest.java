package org.aqlake.job.consent;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.model.ConsentRecord;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.support.StediCustomers;
import org.aqlake.job.support.StediCustomers.Customer;
import org.aqlake.job.support.TestConsent;
import org.aqlake.job.support.TestReadings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentRecordParserTest {

    static final String SERIAL = "55f0d67a-fef6-40b7-b144-93d2aa49d6cd";
    static final long UPDATED = 1_655_564_149_663L;
    static final long RESEARCH_FROM = UPDATED + 1;
    static final ObjectMapper JSON = new ObjectMapper();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static InvalidRecordException rejection(String payload) {
        try {
            ConsentRecordParser.parse(utf8(payload));
        } catch (InvalidRecordException e) {
            return e;
        }
        throw new AssertionError("accepted: " + payload);
    }

    @Test
    void everyRealStediCustomerIsReadAndConsentIsPresentExactlyWhenTheKeyIs() throws Exception {
        List<Customer> customers = StediCustomers.all();
        int consented = 0;
        for (Customer c : customers) {
            ConsentRecord r = ConsentRecordParser.parse(utf8(c.line));
            assertThat(r.serialNumber).isEqualTo(c.serialNumber());
            assertThat(r.lastUpdateDate).isEqualTo(c.lastUpdateDate());
            assertThat(r.shareWithResearchAsOfDate).isEqualTo(c.researchFrom());
            consented += r.shareWithResearchAsOfDate == null ? 0 : 1;
        }

        assertThat(customers).hasSize(956);
        assertThat(consented).isEqualTo(482);
    }

    @Test
    void anExplicitNullMeansNoConsentLikeAnAbsentKey() throws Exception {
        ConsentRecord r = ConsentRecordParser.parse(utf8("{\"serialNumber\":\"" + SERIAL
                + "\",\"lastUpdateDate\":" + UPDATED + ",\"shareWithResearchAsOfDate\":null}"));

        assertThat(r).isEqualTo(new ConsentRecord(SERIAL, null, UPDATED));
    }

    @Test
    void aGzipRecordIsInflated() throws Exception {
        String line = TestConsent.stediLine(SERIAL, RESEARCH_FROM, UPDATED);

        assertThat(ConsentRecordParser.parse(TestReadings.gzip(utf8(line))))
                .isEqualTo(new ConsentRecord(SERIAL, RESEARCH_FROM, UPDATED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "\"x\"",
        "{\"serialNumber\":\"s\"}",
        "{\"lastUpdateDate\":1}",
        "{\"serialNumber\":\" \",\"lastUpdateDate\":1}",
        "{\"serialNumber\":7,\"lastUpdateDate\":1}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":\"1655564149663\"}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":1.5}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":-1}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":99999999999999999999}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":1,\"shareWithResearchAsOfDate\":true}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":1} {}",
        "{\"serialNumber\":\"s\",\"lastUpdateDate\":1",
    })
    void aRecordThatIsNotAValidConsentRecordIsAConsentSchemaMismatch(String payload) {
        assertThat(rejection(payload).type()).isEqualTo(ErrorType.CONSENT_SCHEMA_MISMATCH);
    }

    @Test
    void aReasonNamesTheFieldButNeverQuotesThePayload() {
        String secret = "Santosh.Clayton@test.com";
        InvalidRecordException badDate = rejection("{\"email\":\"" + secret + "\",\"serialNumber\":\"s\","
                + "\"lastUpdateDate\":\"" + secret + "\"}");
        InvalidRecordException badJson = rejection("{\"email\":" + secret + "}");

        assertThat(badDate.field()).isEqualTo("lastUpdateDate");
        assertThat(badDate.reason()).contains("lastUpdateDate").doesNotContain(secret);
        assertThat(badJson.field()).isNull();
        assertThat(badJson.reason()).startsWith("malformed JSON").doesNotContain("Santosh").doesNotContain(secret);
    }

    @Test
    void anOutOfRangeDateIsRejectedWithoutQuotingIt() {
        String tooLarge = "99999999999999999";
        InvalidRecordException e = rejection("{\"serialNumber\":\"s\",\"lastUpdateDate\":" + tooLarge + "}");

        assertThat(e.field()).isEqualTo("lastUpdateDate");
        assertThat(e.reason()).contains("out of range").doesNotContain(tooLarge);
    }

    @Test
    void aRecordTooBrokenToInflateIsRejectedAndNotKept() {
        byte[] brokenGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};

        assertThat(ConsentRedaction.skeleton(brokenGzip)).isNull();
        assertThatThrownBy(() -> ConsentRecordParser.parse(brokenGzip)).isInstanceOf(InvalidRecordException.class)
                .extracting(e -> ((InvalidRecordException) e).type()).isEqualTo(ErrorType.CONSENT_SCHEMA_MISMATCH);
    }
}
