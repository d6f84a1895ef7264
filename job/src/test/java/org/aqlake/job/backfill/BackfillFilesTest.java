package org.aqlake.job.backfill;

import org.apache.flink.core.fs.FileStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What backfill.paths lists: files in the order given, a folder's and a glob's files by name, data only. */
class BackfillFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderGivesItsDataFilesRecursivelyByNameAndAGlobTheMatchingDays() throws Exception {
        for (String f : List.of("daily/2017-09-08.csv", "daily/2017-09-07.csv.gz", "daily/2017-10-01.csv",
                "daily/_SUCCESS", "daily/.part-1.inprogress", "daily/sub/2017-09-30.csv")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "x\n");
        }

        assertThat(names(BackfillFiles.list(List.of(dir.resolve("daily").toString()))))
                .containsExactly("2017-09-07.csv.gz", "2017-09-08.csv", "2017-10-01.csv", "2017-09-30.csv");
        assertThat(names(BackfillFiles.list(List.of(dir.resolve("daily") + "/2017-09-*.csv*"))))
                .containsExactly("2017-09-07.csv.gz", "2017-09-08.csv");
        assertThat(names(BackfillFiles.list(List.of(dir.resolve("daily/2017-10-01.csv").toString(),
                dir.resolve("daily") + "/**/2017-09-30.csv"))))
                .containsExactly("2017-10-01.csv", "2017-09-30.csv");
    }

    @Test
    void aMissingPathAnEmptyGlobAndAFileListedTwiceAreErrorsNamingThem() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "x\n");

        assertThatThrownBy(() -> BackfillFiles.list(List.of(dir.resolve("nope.csv").toString())))
                .hasMessageContaining("nope.csv").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> BackfillFiles.list(List.of(dir + "/*.ndjson")))
                .hasMessageContaining("*.ndjson").hasMessageContaining("holds no file");
        assertThatThrownBy(() -> BackfillFiles.list(List.of(dir.resolve("a.csv").toString(), dir + "/*.csv")))
                .hasMessageContaining("a.csv").hasMessageContaining("listed twice");
    }

    private static List<String> names(List<FileStatus> files) {
        return files.stream().map(f -> f.getPath().getName()).collect(Collectors.toList());
    }
}
