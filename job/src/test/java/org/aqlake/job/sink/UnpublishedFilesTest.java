package org.aqlake.job.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.aqlake.job.sink.PartitionFilterTest.FROM;
import static org.aqlake.job.sink.PartitionFilterTest.HOURLY;
import static org.aqlake.job.sink.PartitionFilterTest.TO;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A repair is not started while a partition it reads holds a file the stream has not published yet. */
class UnpublishedFilesTest {

    static final String IN_RANGE = "year=2024/month=05/day=01/hour=10";
    static final String BEFORE_RANGE = "year=2024/month=05/day=01/hour=09";
    /** A writer's file awaiting its compaction. */
    static final String HIDDEN = ".part-4f1c-0.zstd.parquet";

    @TempDir
    Path table;

    @Test
    void aPartitionOfTheRangeHoldingAHiddenFileIsRefusedNamingThePartitionTheFileAndTheKey() throws IOException {
        touch(IN_RANGE, "part-1.zstd.parquet");
        touch(IN_RANGE, HIDDEN);

        assertThatThrownBy(() -> UnpublishedFiles.requireNone(table.toString(), range(), "aggregates"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + IN_RANGE + "'")
                .hasMessageContaining(HIDDEN)
                .hasMessageContaining("lake.compaction.checkpoints");
    }

    @Test
    void partitionsOfOnlyVisibleFilesSuccessMarkersChecksumsAndInProgressFilesPass() throws IOException {
        touch(IN_RANGE, "part-1.zstd.parquet");
        touch(IN_RANGE, "compacted-part-2.zstd.parquet");
        touch(IN_RANGE, "_SUCCESS");
        touch(IN_RANGE, ".part-1.zstd.parquet.crc");
        touch(IN_RANGE, ".part-4f1c-1.zstd.parquet.inprogress.77aa");

        assertThatCode(() -> UnpublishedFiles.requireNone(table.toString(), range(), "aggregates"))
                .doesNotThrowAnyException();
    }

    @Test
    void aHiddenFileOutsideTheRangeDoesNotHoldTheRepairBack() throws IOException {
        touch(IN_RANGE, "part-1.zstd.parquet");
        touch(BEFORE_RANGE, HIDDEN);

        assertThatCode(() -> UnpublishedFiles.requireNone(table.toString(), range(), "aggregates"))
                .doesNotThrowAnyException();
    }

    private PartitionFilter range() {
        return PartitionFilter.overlapping(table.toString(), HOURLY, FROM, TO);
    }

    private void touch(String partition, String name) throws IOException {
        Path folder = Files.createDirectories(table.resolve(partition));
        Files.writeString(folder.resolve(name), "rows");
    }
}
