package org.aqlake.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.Reading;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sinks of the lake, and the order in which the readings table's sinks join the graph. Built by
 * {@link #builder()}; a part that is off is an empty {@link Optional}. With {@link SuccessFiles} on, the
 * readings and aggregates sinks also mark complete partitions with {@code _SUCCESS} ({@link
 * PartitionCommitSink}).
 */
public final class LakeSinks {

    /** Which readings a sink of the readings table takes from the consent gate. */
    public enum Branch {
        /** Every reading that passed: both branches of the gate, or the only one without a registry. */
        ALL,
        /** The readings exempt from consent. */
        EXEMPT,
        /** The readings the gate's keyed branch passed. */
        CONSENTED
    }

    /** A sink of the readings table and the readings it takes. */
    public static final class ReadingsSink {
        public final Branch branch;
        public final Sink<Reading> sink;

        ReadingsSink(Branch branch, Sink<Reading> sink) {
            this.branch = branch;
            this.sink = sink;
        }
    }

    private final Sink<Reading> readings;
    private final Optional<Sink<Reading>> consentedReadings;
    private final Sink<DeadLetter> deadLetters;
    private final Optional<Sink<KinesisRecord>> rawArchive;
    private final Optional<Sink<Aggregate>> aggregates;
    private final Optional<Sink<LateReadings>> aggregatesLate;

    private LakeSinks(Builder b) {
        String readingsPath = b.readingsPath.orElseThrow();
        if (b.readingsSuccessFiles.isOn()) {
            PartitionCommitSink<Reading> primary = b.readingsSuccessFiles.commitSink(b.readings, readingsPath);
            readings = primary;
            consentedReadings = b.consentedReadings.map(primary::alongside);
        } else {
            readings = b.readings;
            consentedReadings = b.consentedReadings.map(files -> files);
        }
        deadLetters = b.deadLetters;
        rawArchive = b.rawArchive;
        aggregates = b.aggregates.map(files -> b.aggregatesSuccessFiles.wrap(files, b.aggregatesPath.orElseThrow()));
        aggregatesLate = b.aggregatesLate.map(files -> files);
    }

    /**
     * The readings table's sinks, in the order they must be added to the graph. With the consent gate's
     * two branches and a sink for each, the consented readings' sink comes first: its committables feed
     * the table's one partition committer, which Flink builds when it translates the other sink.
     *
     * @param gated whether the consent gate has a keyed branch (a consent registry is configured)
     */
    public List<ReadingsSink> readingsInGraphOrder(boolean gated) {
        if (gated && consentedReadings.isPresent()) {
            return List.of(new ReadingsSink(Branch.CONSENTED, consentedReadings.get()),
                    new ReadingsSink(Branch.EXEMPT, readings));
        }
        return List.of(new ReadingsSink(Branch.ALL, readings));
    }

    public Sink<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public Optional<Sink<KinesisRecord>> rawArchive() {
        return rawArchive;
    }

    public Optional<Sink<Aggregate>> aggregates() {
        return aggregates;
    }

    /** The late-readings table: present with the aggregates. */
    public Optional<Sink<LateReadings>> aggregatesLate() {
        return aggregatesLate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the sinks; {@link #build()} checks that the required ones are there. */
    public static final class Builder {
        private FileSink<Reading> readings;
        private Optional<String> readingsPath = Optional.empty();
        private SuccessFiles readingsSuccessFiles = SuccessFiles.off();
        private Optional<FileSink<Reading>> consentedReadings = Optional.empty();
        private Sink<DeadLetter> deadLetters;
        private Optional<Sink<KinesisRecord>> rawArchive = Optional.empty();
        private Optional<FileSink<Aggregate>> aggregates = Optional.empty();
        private Optional<String> aggregatesPath = Optional.empty();
        private SuccessFiles aggregatesSuccessFiles = SuccessFiles.off();
        private Optional<FileSink<LateReadings>> aggregatesLate = Optional.empty();

        private Builder() {}

        /**
         * The readings table.
         *
         * @param files its file sink
         * @param consentedFiles a second file sink into the table, for the readings the consent gate's keyed
         *     branch passes, so that the exempt readings reach theirs in their own chain rather than through
         *     a union; it shares the table's partition committer. Empty: both branches go to {@code files}.
         * @param tablePath the table's base path, under which the partitions are
         */
        public Builder readings(FileSink<Reading> files, Optional<FileSink<Reading>> consentedFiles, String tablePath,
                SuccessFiles successFiles) {
            this.readings = Objects.requireNonNull(files, "files");
            this.consentedReadings = Objects.requireNonNull(consentedFiles, "consentedFiles");
            this.readingsPath = Optional.of(tablePath);
            this.readingsSuccessFiles = Objects.requireNonNull(successFiles, "successFiles");
            return this;
        }

        public Builder deadLetters(Sink<DeadLetter> sink) {
            this.deadLetters = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** The raw archive, or empty when it is off. */
        public Builder rawArchive(Optional<? extends Sink<KinesisRecord>> sink) {
            this.rawArchive = sink.map(s -> s);
            return this;
        }

        /** The aggregates table, or empty when it is off. */
        public Builder aggregates(Optional<FileSink<Aggregate>> files, String tablePath, SuccessFiles successFiles) {
            this.aggregates = Objects.requireNonNull(files, "files");
            this.aggregatesPath = Optional.of(tablePath);
            this.aggregatesSuccessFiles = Objects.requireNonNull(successFiles, "successFiles");
            return this;
        }

        /**
         * The late-readings table, or empty when the aggregates are off. It gets no {@code _SUCCESS}
         * files: a window's late readings may come at any time, so its partitions are never complete.
         */
        public Builder aggregatesLate(Optional<FileSink<LateReadings>> files) {
            this.aggregatesLate = Objects.requireNonNull(files, "files");
            return this;
        }

        public LakeSinks build() {
            if (readings == null) {
                throw new IllegalStateException("the readings table needs a sink: call readings(...)");
            }
            if (deadLetters == null) {
                throw new IllegalStateException("the dead letters need a sink: call deadLetters(...)");
            }
            if (aggregates.isEmpty() && aggregatesSuccessFiles.isOn()) {
                throw new IllegalStateException("success files for an aggregates table that is off");
            }
            if (aggregates.isPresent() != aggregatesLate.isPresent()) {
                throw new IllegalStateException("the aggregates and the late-readings table go together: set both"
                        + " or neither");
            }
            return new LakeSinks(this);
        }
    }
}
