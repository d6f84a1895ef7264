package org.aqlake.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.aqlake.job.config.JobConfig;
import org.aqlake.job.consent.ConsentSources;
import org.aqlake.job.sink.LakeSinks;
import org.aqlake.job.sink.PartitionCommitSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the configuration switches on and off among the sources and sinks. */
class JobSourcesAndSinksTest {

    @TempDir
    Path lake;

    JobConfig config(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lake.transformed-path", lake.resolve("transformed").toUri().toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return JobConfig.from(m);
    }

    @Test
    void byDefaultEveryReadingsSinkMarksItsPartitionsAndTheAggregatesAreOnButNotTheRawArchive() {
        LakeSinks sinks = JobSinks.create(config());

        assertThat(sinks.readingsInGraphOrder(true)).hasSize(2)
                .allSatisfy(s -> assertThat(s.sink).isInstanceOf(PartitionCommitSink.class));
        assertThat(sinks.aggregates()).hasValueSatisfying(s -> assertThat(s).isInstanceOf(PartitionCommitSink.class));
        // a window's late readings may come at any time: the late-readings partitions are never complete
        assertThat(sinks.aggregatesLate()).hasValueSatisfying(s -> assertThat(s).isNotInstanceOf(PartitionCommitSink.class));
        assertThat(sinks.rawArchive()).isEmpty();
    }

    @Test
    void arrivalTimePartitionsGetNoSuccessFileAsTheWatermarkCannotTellWhenTheyAreComplete() {
        LakeSinks sinks = JobSinks.create(config("lake.partition-time", "ARRIVAL"));

        assertThat(sinks.readingsInGraphOrder(true))
                .noneSatisfy(s -> assertThat(s.sink).isInstanceOf(PartitionCommitSink.class));
    }

    @Test
    void switchedOffTheAggregatesAndSuccessFilesAreAbsentAndTheRawArchiveIsThereWhenOn() {
        LakeSinks sinks = JobSinks.create(config("aggregates.enabled", "false",
                "lake.partition-commit.success-file", "false",
                "lake.raw-archive.enabled", "true", "lake.raw-path", lake.resolve("raw").toUri().toString()));

        assertThat(sinks.aggregates()).isEmpty();
        assertThat(sinks.aggregatesLate()).isEmpty();
        assertThat(sinks.readingsInGraphOrder(false)).singleElement()
                .satisfies(s -> assertThat(s.sink).isNotInstanceOf(PartitionCommitSink.class));
        assertThat(sinks.rawArchive()).isPresent();
    }

    @Test
    void withoutAConsentKeyThereIsNoConsentSource() {
        ConsentSources sources = JobSources.consent(StreamExecutionEnvironment.getExecutionEnvironment(), config());

        assertThat(sources.any()).isFalse();
    }

    @Test
    void theConsentStreamAndTheBootstrapSnapshotAreEachASourceWhenConfigured() {
        String bootstrap = lake.resolve("consent").toUri().toString();
        ConsentSources sources = JobSources.consent(StreamExecutionEnvironment.getExecutionEnvironment(),
                config("consent.stream", "aq-consent", "consent.bootstrap-path", bootstrap));

        assertThat(sources.stream).isPresent();
        assertThat(sources.bootstrap).hasValueSatisfying(b -> assertThat(b.path).isEqualTo(bootstrap.replaceAll("/$", "")));
    }
}
