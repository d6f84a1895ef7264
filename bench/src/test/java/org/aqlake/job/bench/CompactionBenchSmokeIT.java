package org.aqlake.job.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link CompactionBench} from rotting: a tiny synthetic "hour" (2 readings a second, sped up 500×) and
 * the real samples, compaction off and on, without the freshness runs. Every run must write every reading
 * with no hidden file left (the benchmark fails otherwise); how many files or how fast is not checked here.
 */
class CompactionBenchSmokeIT {

    static final Path OUTPUT = Path.of("target", "compaction-smoke");

    @Test
    void aTinyRunReportsEveryVariantWithEveryReadingWrittenOnce() throws Exception {
        CompactionBench.main(new String[] {"--rate=2", "--speedup=500", "--real-rate=500",
            "--real-checkpoint-seconds=1", "--freshness-intervals=", "--output=" + OUTPUT});

        List<String> rows = Files.readAllLines(OUTPUT.resolve("report.md")).stream()
                .filter(l -> l.startsWith("| real") || l.startsWith("| synthetic")).collect(Collectors.toList());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).contains("| on |");
        assertThat(rows.get(3)).contains("| on |");
        for (String row : rows) {
            // readings files: the run itself fails unless they hold one row per record and none is hidden
            assertThat(Long.parseLong(row.split("\\|")[4].trim())).as(row).isPositive();
        }
    }
}
