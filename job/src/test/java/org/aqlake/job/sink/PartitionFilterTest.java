package org.aqlake.job.sink;

import org.apache.flink.core.fs.Path;

import org.aqlake.udfs.partition.PartitionTemplate;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which files of a table a bounded read takes: committed Parquet files of the partitions that overlap the range. */
class PartitionFilterTest {

    static final String TABLE = "s3://aq-transformed/readings";
    static final PartitionTemplate HOURLY = PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE, Set.of());
    static final long FROM = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    static final PartitionFilter RANGE = PartitionFilter.overlapping(TABLE, HOURLY, FROM, TO);

    @Test
    void theFilesOfTheHoursInTheRangeAreReadAndThoseAroundItAreNot() {
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=10/part-1.zstd.parquet"))).isTrue();
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=11/part-1.zstd.parquet"))).isTrue();
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=09/part-1.zstd.parquet"))).isFalse();
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=12/part-1.zstd.parquet"))).isFalse();
    }

    @Test
    void inProgressFilesAndMarkersAreNeverRead() {
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=10/.part-1.zstd.parquet.inprogress.0f3"))).isFalse();
        assertThat(RANGE.test(file("year=2024/month=05/day=01/hour=10/_SUCCESS"))).isFalse();
    }

    @Test
    void foldersAreEnteredAndAFolderTheTemplateDidNotRenderIsReadRatherThanLost() {
        assertThat(RANGE.test(file("year=2024/month=05"))).isTrue();
        assertThat(RANGE.test(file("backfill/part-1.zstd.parquet"))).isTrue();
    }

    @Test
    void aTablePartitionedByAnotherTimeIsReadWhole() {
        PartitionFilter every = PartitionFilter.everyFile(TABLE, HOURLY);

        assertThat(every.test(file("year=2024/month=05/day=01/hour=09/part-1.zstd.parquet"))).isTrue();
        assertThat(every.test(file("year=2024/month=05/day=01/hour=09/.part-1.inprogress"))).isFalse();
    }

    static Path file(String relative) {
        return new Path(TABLE + "/" + relative);
    }
}
