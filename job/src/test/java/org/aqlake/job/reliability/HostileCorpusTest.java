package org.aqlake.job.reliability;

import org.aqlake.job.consent.ConsentRules;
import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.decode.ReadingDecoder;
import org.aqlake.job.decode.ValidationRules;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.job.reliability.HostileCorpus.Hostile;
import org.aqlake.job.reliability.HostileCorpus.Outcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus of {@link HostileInputIT}, checked record by record against the decoder and the
 * consent triage's exemption rule without Flink: where the oracle and the decoder disagree, this names
 * the record. The end-to-end test then proves the same outcomes through the real source and sinks.
 */
class HostileCorpusTest {

    static final long SEED = HostileInputIT.SEED;
    static final ConsentRules RULES = new ConsentRules(ConsentRules.sourceTypes("government,research"),
            Duration.ofMinutes(10), Duration.ofDays(1));
    static List<Hostile> corpus;

    @BeforeAll
    static void generate() {
        corpus = HostileCorpus.generate(SEED, 1.0);
    }

    @Test
    void theCorpusHoldsOverTenThousandRecordsOfEveryFamilyAndEveryOutcome() {
        Map<String, Long> families = corpus.stream().collect(Collectors.groupingBy(h -> h.family, Collectors.counting()));
        Map<Outcome, Long> outcomes = corpus.stream().collect(Collectors.groupingBy(h -> h.outcome, Collectors.counting()));

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(families.keySet()).containsAll(HostileCorpus.families().keySet().stream()
                .filter(f -> !f.equals("gzip-edge")).collect(Collectors.toList()))
                .contains("gzip-bomb", "gzip-over-cap", "gzip-under-cap", "gzip-in-gzip", "1-mib", "valid-gzip");
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(Outcome.values());
        assertThat(corpus).allSatisfy(h -> assertThat(h.payload.length + h.id.length())
                .as(h.id).isLessThanOrEqualTo(HostileCorpus.MAX_RECORD_BYTES));
        assertThat(corpus.stream().filter(h -> h.payload.length + h.id.length() == HostileCorpus.MAX_RECORD_BYTES))
                .hasSize(4);
    }

    @Test
    void theSameSeedGivesTheSameCorpus() {
        List<Hostile> again = HostileCorpus.generate(SEED, 0.05);
        List<Hostile> once = HostileCorpus.generate(SEED, 0.05);

        assertThat(again).hasSameSizeAs(once);
        for (int i = 0; i < once.size(); i++) {
            assertThat(again.get(i).payload).as(once.get(i).id).isEqualTo(once.get(i).payload);
        }
    }

    @Test
    void theDecoderAgreesWithTheOracleOnEveryRecord() {
        ReadingDecoder decoder = new ReadingDecoder(ValidationRules.DEFAULTS);
        long arrival = System.currentTimeMillis();
        List<String> disagreements = new ArrayList<>();
        for (Hostile h : corpus) {
            KinesisRecord record = new KinesisRecord(h.payload, "aq-readings", "shardId-000000000000", "1", h.id, arrival);
            String got;
            try {
                Reading r = decoder.decode(record);
                got = RULES.exempt(r.sourceType) ? Outcome.ROW.name() : Outcome.DENIED.name();
                if (h.outcome == Outcome.ROW && !Double.isNaN(h.value) && r.value != h.value) {
                    got += " with value " + r.value + " instead of " + h.value;
                }
            } catch (InvalidRecordException e) {
                got = h.types.contains(e.type()) && !e.reason().isBlank() ? Outcome.DEAD_LETTER.name()
                        : "dead letter " + e.type() + ": " + e.reason();
            }
            if (!got.equals(h.outcome.name())) {
                disagreements.add(h + " -> " + (got.length() > 300 ? got.substring(0, 300) : got));
            }
        }
        assertThat(disagreements).as("records whose outcome differs from the oracle's (%d)", disagreements.size())
                .isEmpty();
    }
}
