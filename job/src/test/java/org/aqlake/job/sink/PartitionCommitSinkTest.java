package org.aqlake.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.model.Reading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionCommitSinkTest {

    @TempDir
    Path lake;

    List<Sink<Reading>> readingsSinks() {
        return LakeSinks.createReadingsSinks(JobConfig.from(Map.of(
                "lake.transformed-path", lake.toUri().toString())));
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
        assertThatThrownBy(() -> ((PartitionCommitSink<Reading>) sinks.get(1)).alongside(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSinkAlongsideAddedAfterTheSinkWhoseCommitterItFeedsFailsTheGraphWithAClearError() {
        List<Sink<Reading>> sinks = readingsSinks();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        env.fromData(reading()).sinkTo(sinks.get(0)).uid("readings");
        env.fromData(reading()).sinkTo(sinks.get(1)).uid("alongside");

        assertThatThrownBy(env::getStreamGraph).hasStackTraceContaining("add it first");
    }

    @Test
    void inTheRightOrderTheGraphHasOneCommitterForTheTable() {
        List<Sink<Reading>> sinks = readingsSinks();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        env.fromData(reading()).sinkTo(sinks.get(1)).uid("alongside");
        env.fromData(reading()).sinkTo(sinks.get(0)).uid("readings");

        assertThat(env.getStreamGraph().getStreamNodes())
                .filteredOn(n -> n.getOperatorName().endsWith(PartitionCommitSink.NAME)).hasSize(1);
    }
}
