package org.aqlake.job.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the job connects to Kinesis, the same for the readings stream and the consent stream: the typed
 * settings the configuration builds for {@link KinesisSourceFactory}.
 */
public final class KinesisSettings {

    public final String region;
    public final Optional<String> endpoint;
    /** The key pair of {@link CredentialsProvider#BASIC}; empty with the default chain. */
    public final Optional<KeyPair> keys;
    public final InitialPosition initialPosition;
    /** Where {@link InitialPosition#AT_TIMESTAMP} starts; empty with any other position. */
    public final Optional<Instant> initialTimestamp;
    /** The consumer name of enhanced fan-out; empty when polling. */
    public final Optional<String> efoConsumer;
    public final Duration shardDiscoveryInterval;
    public final Duration pollInterval;

    private KinesisSettings(Builder b) {
        region = b.region;
        endpoint = b.endpoint;
        keys = b.keys;
        initialPosition = b.initialPosition;
        initialTimestamp = b.initialTimestamp;
        efoConsumer = b.efoConsumer;
        shardDiscoveryInterval = b.shardDiscoveryInterval;
        pollInterval = b.pollInterval;
    }

    public CredentialsProvider credentials() {
        return keys.isPresent() ? CredentialsProvider.BASIC : CredentialsProvider.AUTO;
    }

    public RecordPublisher recordPublisher() {
        return efoConsumer.isPresent() ? RecordPublisher.EFO : RecordPublisher.POLLING;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An access key id and its secret. */
    public static final class KeyPair {
        public final String accessKeyId;
        public final String secretKey;

        public KeyPair(String accessKeyId, String secretKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toString() {
            return "KeyPair{accessKeyId=" + accessKeyId + ", secretKey=***}";
        }
    }

    /** The region and the two intervals are required; the rest starts empty, at TRIM_HORIZON. */
    public static final class Builder {
        private String region;
        private Optional<String> endpoint = Optional.empty();
        private Optional<KeyPair> keys = Optional.empty();
        private InitialPosition initialPosition = InitialPosition.TRIM_HORIZON;
        private Optional<Instant> initialTimestamp = Optional.empty();
        private Optional<String> efoConsumer = Optional.empty();
        private Duration shardDiscoveryInterval;
        private Duration pollInterval;

        private Builder() {}

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(Optional<String> endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder keys(Optional<KeyPair> keys) {
            this.keys = keys;
            return this;
        }

        public Builder initialPosition(InitialPosition position, Optional<Instant> timestamp) {
            this.initialPosition = position;
            this.initialTimestamp = timestamp;
            return this;
        }

        public Builder efoConsumer(Optional<String> consumerName) {
            this.efoConsumer = consumerName;
            return this;
        }

        public Builder shardDiscoveryInterval(Duration interval) {
            this.shardDiscoveryInterval = interval;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public KinesisSettings build() {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("a Kinesis region is required");
            }
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(efoConsumer, "efoConsumer");
            if (shardDiscoveryInterval == null || pollInterval == null) {
                throw new IllegalArgumentException("the shard discovery and poll intervals are required");
            }
            if ((initialPosition == InitialPosition.AT_TIMESTAMP) != initialTimestamp.isPresent()) {
                throw new IllegalArgumentException("a start timestamp goes with AT_TIMESTAMP, and only with it");
            }
            return new KinesisSettings(this);
        }
    }
}
