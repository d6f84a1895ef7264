package org.aqlake.tools.produce;

import org.aqlake.tools.ToolException;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batching and retry rules of the producer. The emulator never fails part of a batch, so these use
 * a stand-in for the PutRecords call that answers as Kinesis documents it; the real client against the
 * emulator is covered by ProducerIT.
 */
class KinesisSenderTest {

    final List<List<PutRecordsRequestEntry>> calls = new ArrayList<>();
    final List<Duration> backoffs = new ArrayList<>();
    final ProducerStats stats = new ProducerStats();

    KinesisSender sender(int maxAttempts, Function<List<PutRecordsRequestEntry>, PutRecordsResponse> kinesis) {
        KinesisSender.PutRecords api = (PutRecordsRequest request) -> {
            calls.add(request.records());
            return kinesis.apply(request.records());
        };
        return new KinesisSender(api, "s", maxAttempts, BackoffStrategy.defaultStrategy(), stats, backoffs::add);
    }

    static PutRecordsResponse allStored(List<PutRecordsRequestEntry> entries) {
        return PutRecordsResponse.builder().failedRecordCount(0).records(entries.stream()
                .map(e -> PutRecordsResultEntry.builder().shardId("shardId-0").sequenceNumber("1").build())
                .collect(Collectors.toList())).build();
    }

    static PutRecordsResultEntry throttled() {
        return PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                .errorMessage("Rate exceeded for shard shardId-0").build();
    }

    static ProducerRecord record(String key, int bytes) {
        return new ProducerRecord(key, new byte[bytes]);
    }

    static String key(PutRecordsRequestEntry e) {
        return e.partitionKey();
    }

    @Test
    void aBatchHoldsAtMost500Records() throws Exception {
        KinesisSender s = sender(3, KinesisSenderTest::allStored);

        for (int i = 0; i < 1_201; i++) {
            s.add(record("k" + i, 10));
        }
        s.flush();

        assertThat(calls).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(stats.sent()).isEqualTo(1_201);
    }

    @Test
    void aBatchStaysWithinFiveMebibytesCountingPartitionKeys() throws Exception {
        KinesisSender s = sender(3, KinesisSenderTest::allStored);

        for (int i = 0; i < 20; i++) {
            s.add(record("location-" + i, 600_000));
        }
        s.flush();

        assertThat(calls).allSatisfy(batch -> assertThat(batch.stream()
                .mapToLong(e -> e.data().asByteArray().length + e.partitionKey().getBytes(StandardCharsets.UTF_8).length)
                .sum()).isLessThanOrEqualTo(5L * 1024 * 1024));
        assertThat(calls).extracting(List::size).containsExactly(8, 8, 4);
    }

    @Test
    void onlyTheFailedEntriesAreSentAgainAfterABackOff() throws Exception {
        KinesisSender s = sender(5, entries -> calls.size() == 1
                ? PutRecordsResponse.builder().failedRecordCount(2).records(
                        allStored(entries.subList(0, 1)).records().get(0), throttled(),
                        allStored(entries.subList(0, 1)).records().get(0), throttled()).build()
                : allStored(entries));

        for (String k : List.of("a", "b", "c", "d")) {
            s.add(record(k, 10));
        }
        s.flush();

        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).extracting(KinesisSenderTest::key).containsExactly("b", "d");
        assertThat(backoffs).hasSize(1);
        assertThat(stats.sent()).isEqualTo(4);
        assertThat(stats.retried()).isEqualTo(2);
    }

    @Test
    void aCallThatFailsAsAWholeCountsAsAnAttemptAndIsRetried() throws Exception {
        KinesisSender s = sender(5, entries -> {
            if (calls.size() == 1) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
            return allStored(entries);
        });

        s.add(record("a", 10));
        s.flush();

        assertThat(calls).hasSize(2);
        assertThat(stats.sent()).isEqualTo(1);
    }

    @Test
    void itGivesUpAfterTheBoundSayingHowManyRecordsAndWhy() throws Exception {
        KinesisSender s = sender(3, entries -> PutRecordsResponse.builder().failedRecordCount(entries.size())
                .records(entries.stream().map(e -> throttled()).collect(Collectors.toList())).build());
        s.add(record("a", 10));
        s.add(record("b", 10));

        assertThatThrownBy(s::flush)
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("2 of 2 records")
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("ProvisionedThroughputExceededException");
        assertThat(calls).hasSize(3);
        assertThat(backoffs).hasSize(2);
        assertThat(stats.failed()).isEqualTo(2);
    }

    @Test
    void aMissingStreamFailsAtOnce() throws Exception {
        KinesisSender s = sender(5, entries -> {
            throw (ResourceNotFoundException) ResourceNotFoundException.builder()
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorMessage("Stream s not found").build())
                    .build();
        });
        s.add(record("a", 10));

        assertThatThrownBy(s::flush).isInstanceOf(ToolException.class).hasMessageContaining("'s' does not exist");
        assertThat(calls).hasSize(1);
    }

    @Test
    void aRecordOverOneMebibyteIsSkippedAndCounted() throws Exception {
        KinesisSender s = sender(3, KinesisSenderTest::allStored);

        s.add(record("big", 1024 * 1024));
        s.add(record("small", 10));
        s.flush();

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).extracting(KinesisSenderTest::key).containsExactly("small");
        assertThat(stats.skipped()).isEqualTo(1);
    }

    @Test
    void aSlowTrickleIsSentOnceItsOldestRecordHasWaitedTheLinger() throws Exception {
        KinesisSender s = sender(3, KinesisSenderTest::allStored);

        s.add(record("a", 10));
        s.flushIfOlderThan(Duration.ofHours(1));
        assertThat(calls).isEmpty();

        s.flushIfOlderThan(Duration.ZERO);
        assertThat(calls).hasSize(1);
    }
}
