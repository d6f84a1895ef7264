package org.aqlake.job.sink;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.LateReadings;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;

import org.apache.flink.connector.file.sink.FileSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeSinksTest {

    static final PartitionTemplate TEMPLATE =
            PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, ReadingColumns.PARTITION_KEYS);
    static final Duration NO_DELAY = Duration.ZERO;

    @TempDir
    Path lake;

    String path(String table) {
        return lake.resolve(table).toUri().toString();
    }

    FileSink<Reading> readingFiles(String prefix) {
        return TableFiles.readings(path("readings"), TEMPLATE, PartitionTime.EVENT, Compression.ZSTD, prefix);
    }

    LakeSinks.Builder withBothReadingsSinks(SuccessFiles successFiles) {
        return LakeSinks.builder()
                .readings(readingFiles("part"), Optional.of(readingFiles(TableFiles.CONSENTED_PREFIX)), path("readings"),
                        successFiles)
                .deadLetters(TableFiles.deadLetters(path("errors")));
    }

    @Test
    void withAConsentRegistryTheConsentedSinkComesBeforeTheOneWhoseCommitterItFeeds() {
        LakeSinks sinks = withBothReadingsSinks(SuccessFiles.after(NO_DELAY, TEMPLATE, "commit", "tag")).build();

        assertThat(sinks.readingsInGraphOrder(true)).extracting(s -> s.branch)
                .containsExactly(LakeSinks.Branch.CONSENTED, LakeSinks.Branch.EXEMPT);
    }

    @Test
    void withoutAConsentRegistryEveryReadingGoesToTheOneReadingsSink() {
        LakeSinks sinks = withBothReadingsSinks(SuccessFiles.off()).build();

        assertThat(sinks.readingsInGraphOrder(false)).extracting(s -> s.branch).containsExactly(LakeSinks.Branch.ALL);
    }

    @Test
    void withoutAConsentedSinkBothBranchesGoToTheReadingsSink() {
        LakeSinks sinks = LakeSinks.builder()
                .readings(readingFiles("part"), Optional.empty(), path("readings"), SuccessFiles.off())
                .deadLetters(TableFiles.deadLetters(path("errors")))
                .build();

        assertThat(sinks.readingsInGraphOrder(true)).extracting(s -> s.branch).containsExactly(LakeSinks.Branch.ALL);
    }

    @Test
    void theRawArchiveAndTheAggregatesAreOffUntilTheyAreGivenASink() {
        LakeSinks sinks = withBothReadingsSinks(SuccessFiles.off()).build();

        assertThat(sinks.rawArchive()).isEmpty();
        assertThat(sinks.aggregates()).isEmpty();
        assertThat(sinks.aggregatesLate()).isEmpty();
    }

    @Test
    void aggregatesWithSuccessFilesGetAPartitionCommitSink() {
        FileSink<Aggregate> files = TableFiles.aggregates(path("aggregates"), TEMPLATE, Compression.ZSTD);

        LakeSinks sinks = withBothReadingsSinks(SuccessFiles.off())
                .aggregates(Optional.of(files), path("aggregates"), SuccessFiles.after(NO_DELAY, TEMPLATE, "c", "t"))
                .aggregatesLate(Optional.of(lateFiles()))
                .build();

        assertThat(sinks.aggregates()).hasValueSatisfying(s -> assertThat(s).isInstanceOf(PartitionCommitSink.class));
        assertThat(sinks.aggregatesLate()).hasValueSatisfying(s -> assertThat(s).isInstanceOf(FileSink.class));
    }

    FileSink<LateReadings> lateFiles() {
        return TableFiles.aggregatesLate(path("aggregates_late"), TEMPLATE, Compression.ZSTD);
    }

    @Test
    void aggregatesWithoutTheLateReadingsTableOrTheOtherWayRoundAreRejected() {
        FileSink<Aggregate> files = TableFiles.aggregates(path("aggregates"), TEMPLATE, Compression.ZSTD);

        assertThatThrownBy(() -> withBothReadingsSinks(SuccessFiles.off())
                        .aggregates(Optional.of(files), path("aggregates"), SuccessFiles.off()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late-readings");
        assertThatThrownBy(() -> withBothReadingsSinks(SuccessFiles.off())
                        .aggregatesLate(Optional.of(lateFiles())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late-readings");
    }

    @Test
    void aBuilderWithoutAReadingsSinkOrADeadLettersSinkIsRejected() {
        assertThatThrownBy(() -> LakeSinks.builder().deadLetters(TableFiles.deadLetters(path("errors"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("readings");
        assertThatThrownBy(() -> LakeSinks.builder()
                        .readings(readingFiles("part"), Optional.empty(), path("readings"), SuccessFiles.off()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dead letters");
    }

    @Test
    void successFilesForAnAggregatesTableThatIsOffAreRejected() {
        assertThatThrownBy(() -> withBothReadingsSinks(SuccessFiles.off())
                        .aggregates(Optional.empty(), path("aggregates"), SuccessFiles.after(NO_DELAY, TEMPLATE, "c", "t"))
                        .build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aggregates");
    }
}
