package org.aqlake.job.backfill;

import org.apache.flink.core.fs.FileStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file is loaded into a lake once: a second run is refused, the same run restarted goes on. */
class BackfillClaimsTest {

    static final Optional<String> RUN = Optional.of("00000000000000000000000000000001");
    static final Optional<String> OTHER_RUN = Optional.of("00000000000000000000000000000002");

    @TempDir
    Path dir;

    @Test
    void aSecondRunOverAClaimedFileIsRefusedNamingItAndClaimsNothingMore() throws Exception {
        String lake = dir.resolve("lake").toUri().toString();
        List<FileStatus> first = files("a.csv");
        BackfillClaims.claim(lake, first, RUN);
        List<FileStatus> both = files("a.csv", "b.csv");

        assertThatThrownBy(() -> BackfillClaims.claim(lake, both, OTHER_RUN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a.csv").hasMessageNotContaining("b.csv");
        assertThatThrownBy(() -> BackfillClaims.claim(lake, both, Optional.empty())).hasMessageContaining("a.csv");
        assertThat(Files.exists(Path.of(BackfillClaims.claimOf(lake, both.get(1).getPath()).toUri()))).isFalse();
    }

    @Test
    void theSameRunStartedAgainAfterAFailoverFindsItsOwnClaimsAndGoesOn() throws Exception {
        String lake = dir.resolve("lake").toUri().toString();
        BackfillClaims.claim(lake, files("a.csv"), RUN);

        BackfillClaims.claim(lake, files("a.csv", "b.csv"), RUN);

        String claim = Files.readString(Path.of(BackfillClaims.claimOf(lake, files("b.csv").get(0).getPath()).toUri()));
        assertThat(claim).contains("b.csv").contains(RUN.get());
    }

    private List<FileStatus> files(String... names) throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        for (String n : names) {
            Path f = dir.resolve("in").resolve(n);
            Files.createDirectories(f.getParent());
            if (!Files.exists(f)) {
                Files.writeString(f, "x\n");
            }
            paths.add(f.toUri().toString());
        }
        return BackfillFiles.list(paths);
    }
}
