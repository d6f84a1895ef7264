package org.aqlake.job.consent;

import org.apache.flink.streaming.api.datastream.DataStream;

import org.aqlake.job.model.KinesisRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * The consent registry's two optional sources: the Kinesis consent stream (records with lineage) and
 * a bootstrap snapshot of JSON lines (a file, or every file under a folder or S3 prefix, read once).
 * Passed into the pipeline like the readings source, so tests can substitute collections. A source
 * that is not configured is empty.
 *
 * <p>The consent stream is never archived: it carries personal fields, and only its three consent
 * fields are ever read.
 */
public final class ConsentSources {

    private static final ConsentSources NONE = new ConsentSources(Optional.empty(), Optional.empty());

    /** The consent stream, if any. */
    public final Optional<DataStream<KinesisRecord>> stream;
    /** The bootstrap snapshot, if any. */
    public final Optional<Bootstrap> bootstrap;

    private ConsentSources(Optional<DataStream<KinesisRecord>> stream, Optional<Bootstrap> bootstrap) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** No registry: every reading that is not exempt is denied. */
    public static ConsentSources none() {
        return NONE;
    }

    public static ConsentSources of(Optional<DataStream<KinesisRecord>> stream, Optional<Bootstrap> bootstrap) {
        return new ConsentSources(stream, bootstrap);
    }

    public boolean any() {
        return stream.isPresent() || bootstrap.isPresent();
    }

    /** The bootstrap snapshot's lines, and where they come from: the dead letters of its bad lines name it. */
    public static final class Bootstrap {
        public final DataStream<String> lines;
        public final String path;

        public Bootstrap(DataStream<String> lines, String path) {
            this.lines = Objects.requireNonNull(lines, "lines");
            this.path = Objects.requireNonNull(path, "path");
        }
    }
}
