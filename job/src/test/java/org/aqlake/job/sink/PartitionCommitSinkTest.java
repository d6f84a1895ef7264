package org.aqlake.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionCommitSinkTest {

    @TempDir
    Path lake;

    static final PartitionTemplate TEMPLATE =
            PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, ReadingColumns.PARTITION_KEYS);

    /** The readings table's sinks with _SUCCESS files, in the order LakeSinks says they join the graph. */
    List<Sink<Reading>> readingsSinks() {
        String path = lake.resolve("readings").toUri().toString();
        LakeSinks sinks = LakeSinks.builder()
                .readings(TableFiles.readings(path, TEMPLATE, PartitionTime.EVENT, Compression.ZSTD),
                        Optional.of(TableFiles.readings(path, TEMPLATE, PartitionTime.EVENT, Compression.ZSTD,
                                TableFiles.CONSENTED_PREFIX)),
                        path, SuccessFiles.after(Duration.ZERO, TEMPLATE, "partition-commit", "partition-commit-tag"))
                .deadLetters(TableFiles.deadLetters(lake.resolve("errors").toUri().toString()))
                .build();
        return sinks.readingsInGraphOrder(true).stream().map(s -> s.sink).collect(Collectors.toList());
    }

    static Reading reading() {
        Reading r = new Reading();
        r.location = "Marylebone Road";
        return r;
    }

    @Test
    void theReadingsTableGetsASinkAndASinkAlongsideItThatSharesItsPartitionCommitter() {
        List<Sink<Reading>> sinks = readingsSinks();

        assertThat(sinks).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(PartitionCommitSink.class));
        assertThatThrownBy(() -> ((PartitionCommitSink<Reading>) sinks.get(0)).alongside(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSinkAlongsideAddedAfterTheSinkWhoseCommitterItFeedsFailsTheGraphWithAClearError() {
        List<Sink<Reading>> sinks = readingsSinks();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        env.fromData(reading()).sinkTo(sinks.get(1)).uid("readings");
        env.fromData(reading()).sinkTo(sinks.get(0)).uid("alongside");

        assertThatThrownBy(env::getStreamGraph).hasStackTraceContaining("add it first");
    }

    @Test
    void inTheOrderLakeSinksGivesTheGraphHasOneCommitterForTheTable() {
        List<Sink<Reading>> sinks = readingsSinks();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        for (Sink<Reading> sink : sinks) {
            env.fromData(reading()).sinkTo(sink).uid("readings-" + sinks.indexOf(sink));
        }

        assertThat(env.getStreamGraph().getStreamNodes())
                .filteredOn(n -> n.getOperatorName().endsWith(PartitionCommitSink.NAME)).hasSize(1);
    }
}
