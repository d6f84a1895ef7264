package org.aqlake.job.config;

import org.aqlake.job.backfill.BackfillFormat;
import org.aqlake.job.backfill.BackfillSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backfill.* keys: off by default, the paths in order when on, and every bad value named by its key. */
class BackfillConfigTest {

    static final String LAKE = "s3://aq-transformed/lake";
    static final String DAYS = "s3://openaq-fetches/daily/2017-09-*.csv";

    @Test
    void byDefaultTheJobRunsAsTheStream() {
        assertThat(JobConfig.from(config()).backfill).isEmpty();
    }

    @Test
    void thePathsFormatAndCapsReachTheBackfillInTheOrderGiven() {
        Map<String, String> c = config("backfill.enabled", "true", "backfill.paths", " b.csv , " + DAYS + ",a.ndjson.gz",
                "backfill.format", "OpenAQ-CSV", "backfill.max-line-bytes", "64 kb", "backfill.csv-source-type",
                "government");

        BackfillSettings b = JobConfig.from(c).backfill.orElseThrow();

        assertThat(b.paths).containsExactly("b.csv", DAYS, "a.ndjson.gz");
        assertThat(b.format).isEqualTo(BackfillFormat.OPENAQ_CSV);
        assertThat(b.maxLineBytes).isEqualTo(64 * 1024);
        assertThat(b.maxFileBytes).isEqualTo(16L << 30);
        assertThat(b.csvSourceType).isEqualTo("government");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "backfill.paths| |backfill.paths",
        "backfill.paths| , |backfill.paths",
        "backfill.format|parquet|backfill.format",
        "backfill.max-line-bytes|0 b|backfill.max-line-bytes",
        "backfill.max-line-bytes|lots|backfill.max-line-bytes",
        "backfill.max-file-bytes|1 kb|backfill.max-file-bytes",
        "repair.enabled|true|backfill.enabled",
    })
    void aBadValueIsRefusedNamingItsKey(String key, String value, String named) {
        Map<String, String> c = config("backfill.enabled", "true", "backfill.paths", "day.csv",
                "repair.from", "2024-05-01T00:00:00Z", "repair.to", "2024-05-02T00:00:00Z");
        c.put(key, value == null ? "" : value);

        assertThatThrownBy(() -> JobConfig.from(c)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'" + named + "'");
    }

    @Test
    void credentialsInAPathAreRefused() {
        Map<String, String> c = config("backfill.enabled", "true", "backfill.paths", "s3://key:secret@bucket/day.csv");

        assertThatThrownBy(() -> JobConfig.from(c)).hasMessageContaining("backfill.paths")
                .hasMessageNotContaining("secret@");
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> c = new HashMap<>();
        c.put("lake.transformed-path", LAKE);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return c;
    }
}
