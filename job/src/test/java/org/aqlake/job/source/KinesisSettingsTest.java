package org.aqlake.job.source;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisSettingsTest {

    static final Duration SHARD_DISCOVERY = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(200);
    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    static final String SECRET = "not-a-real-key-42";

    static KinesisSettings.Builder complete() {
        return KinesisSettings.builder().region("eu-west-1").shardDiscoveryInterval(SHARD_DISCOVERY).pollInterval(POLL);
    }

    @Test
    void withoutKeysOrAConsumerNameItPollsWithTheDefaultCredentialChain() {
        KinesisSettings settings = complete().build();

        assertThat(settings.credentials()).isEqualTo(CredentialsProvider.AUTO);
        assertThat(settings.recordPublisher()).isEqualTo(RecordPublisher.POLLING);
        assertThat(settings.initialPosition).isEqualTo(InitialPosition.TRIM_HORIZON);
    }

    @Test
    void keysMeanBasicCredentialsAndAConsumerNameMeansEnhancedFanOut() {
        KinesisSettings settings = complete()
                .keys(Optional.of(new KinesisSettings.KeyPair("key-id", SECRET)))
                .efoConsumer(Optional.of("aq-lake"))
                .build();

        assertThat(settings.credentials()).isEqualTo(CredentialsProvider.BASIC);
        assertThat(settings.recordPublisher()).isEqualTo(RecordPublisher.EFO);
        assertThat(settings.keys.get().toString()).doesNotContain(SECRET);
    }

    @Test
    void aStartTimestampGoesWithAtTimestampAndOnlyWithIt() {
        assertThatThrownBy(() -> complete().initialPosition(InitialPosition.AT_TIMESTAMP, Optional.empty()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> complete().initialPosition(InitialPosition.LATEST, Optional.of(START)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(complete().initialPosition(InitialPosition.AT_TIMESTAMP, Optional.of(START)).build().initialTimestamp)
                .contains(START);
    }

    @Test
    void theRegionAndTheIntervalsAreRequired() {
        assertThatThrownBy(() -> KinesisSettings.builder().shardDiscoveryInterval(SHARD_DISCOVERY).pollInterval(POLL).build())
                .hasMessageContaining("region");
        assertThatThrownBy(() -> KinesisSettings.builder().region("eu-west-1").build())
                .hasMessageContaining("intervals");
    }
}
