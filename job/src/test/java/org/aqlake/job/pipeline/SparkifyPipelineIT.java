package org.aqlake.job.pipeline;

import org.aqlake.job.support.DuckDb;
import org.aqlake.job.support.LakeFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.aqlake.job.support.PipelineRecipes.codecs;
import static org.aqlake.job.support.PipelineRecipes.copy;
import static org.aqlake.job.support.PipelineRecipes.files;
import static org.aqlake.job.support.PipelineRecipes.partitions;
import static org.aqlake.job.support.PipelineRecipes.runBatch;
import static org.aqlake.job.support.PipelineRecipes.schema;
import static org.aqlake.job.support.PipelineRecipes.sharedData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sql/pipelines/03_sparkify on the real Sparkify sample, with two spoiled log lines added in a file of
 * their own: DuckDB reads the JSON and the star schema, and they agree.
 */
class SparkifyPipelineIT {

    static final String LOGGED_OUT_PLAY = "{\"page\":\"NextSong\",\"userId\":\"\",\"ts\":1541105830796}";
    static final String NOT_JSON = "NextSong by nobody";
    static final List<String> TABLES = List.of("songplays", "users", "songs", "artists", "time");

    @RegisterExtension
    static final LakeFixtures LAKE = LakeFixtures.builder().duckDb().build();

    @TempDir
    static Path dir;
    static Path lake;
    /** DuckDB's own tables of the untouched input files, for its reading of the recipe's rules. */
    static final String EVENTS = "log_events";
    static final String SONGS = "song_files";

    @BeforeAll
    static void runTheRecipe() throws Exception {
        Path data = sharedData("sparkify");
        Path input = copy(data, dir.resolve("input"));
        Files.write(input.resolve("log_data/2018-11-31-spoiled.json"), List.of(LOGGED_OUT_PLAY, NOT_JSON),
                StandardCharsets.UTF_8);
        lake = dir.resolve("lake");
        runBatch("03_sparkify", lake, Map.of("input", input.toUri().toString()));
        LAKE.duckDb().execute("CREATE TABLE log_events AS SELECT * FROM read_json_auto(?,"
                + " format = 'newline_delimited')", data.toAbsolutePath().resolve("log_data/*.json").toString());
        LAKE.duckDb().execute("CREATE TABLE song_files AS SELECT * FROM read_json_auto(?)",
                data.toAbsolutePath().resolve("song_data/**/*.json").toString());
    }

    /** DuckDB's count of a query's rows, on the class's connection, where the input tables are. */
    static long count(String sql, Object... params) throws Exception {
        return ((Number) LAKE.duckDb().rows("SELECT count(*) AS n FROM (" + sql + ")", params).get(0).get("n"))
                .longValue();
    }

    static long rows(String table) throws Exception {
        return count("SELECT * FROM read_parquet(?)", files(lake.resolve(table)));
    }

    @Test
    void songPlaysAreTheNextSongEventsOnlyPartitionedByYearAndMonth() throws Exception {
        assertThat(count("SELECT * FROM " + EVENTS)).isEqualTo(8_056);
        long nextSong = count("SELECT * FROM " + EVENTS + " WHERE page = 'NextSong'");

        assertThat(rows("songplays")).isEqualTo(nextSong).isEqualTo(6_820);
        assertThat(count("SELECT DISTINCT songplay_id FROM read_parquet(?)", files(lake.resolve("songplays"))))
                .isEqualTo(nextSong);
        // every play is a NextSong event of that user, session and item
        assertThat(count("SELECT songplay_id FROM read_parquet(?) EXCEPT SELECT concat_ws('-', userId,"
                + " CAST(sessionId AS VARCHAR), CAST(itemInSession AS VARCHAR)) FROM " + EVENTS
                + " WHERE page = 'NextSong'", files(lake.resolve("songplays")))).isZero();
        assertThat(partitions(lake.resolve("songplays"))).containsExactly("year=2018");
        assertThat(partitions(lake.resolve("songplays/year=2018"))).containsExactly("month=11");
        // the catalogue knows one of the songs played, by title and artist
        assertThat(count("SELECT * FROM read_parquet(?) WHERE song_id IS NOT NULL", files(lake.resolve("songplays"))))
                .isEqualTo(count("SELECT * FROM " + EVENTS + " e JOIN " + SONGS + " s ON e.song = s.title"
                        + " AND e.artist = s.artist_name WHERE e.page = 'NextSong'")).isEqualTo(1);
    }

    @Test
    void usersCarryTheLevelOfTheirLatestEvent() throws Exception {
        String latest = "SELECT userId, arg_max(level, ts * 1000 + itemInSession) AS level FROM " + EVENTS
                + " WHERE userId <> '' GROUP BY userId";

        assertThat(rows("users")).isEqualTo(count(latest)).isEqualTo(97);
        assertThat(count("SELECT user_id, level FROM read_parquet(?) EXCEPT " + latest, files(lake.resolve("users"))))
                .isZero();
        assertThat(count("SELECT * FROM read_parquet(?) WHERE level = 'paid'", files(lake.resolve("users"))))
                .isEqualTo(22);
    }

    @Test
    void songsArePartitionedByYearAndArtistAndArtistsAreOneRowEach() throws Exception {
        assertThat(rows("songs")).isEqualTo(count("SELECT * FROM " + SONGS)).isEqualTo(71);
        assertThat(count("SELECT * FROM read_parquet(?, hive_partitioning = true) s JOIN " + SONGS + " j"
                + " ON s.song_id = j.song_id AND s.year = j.year AND s.artist_id = j.artist_id",
                files(lake.resolve("songs")))).isEqualTo(71);
        assertThat(partitions(lake.resolve("songs"))).allMatch(p -> p.matches("year=\\d+"));
        assertThat(rows("artists")).isEqualTo(count("SELECT DISTINCT artist_id FROM " + SONGS)).isEqualTo(69);
        assertThat(count("SELECT DISTINCT artist_id FROM read_parquet(?)", files(lake.resolve("artists"))))
                .isEqualTo(69);
    }

    @Test
    void timeHasOneRowPerStartTimeOfTheSongPlays() throws Exception {
        long startTimes = count("SELECT DISTINCT ts FROM " + EVENTS + " WHERE page = 'NextSong'");

        assertThat(rows("time")).isEqualTo(startTimes).isEqualTo(6_813);
        assertThat(count("SELECT DISTINCT start_time FROM read_parquet(?)", files(lake.resolve("time"))))
                .isEqualTo(startTimes);
        assertThat(schema(lake.resolve("time")).keySet()).containsExactly("start_time", "hour", "day", "week",
                "month", "year", "weekday");
        assertThat(count("SELECT * FROM read_parquet(?) WHERE hour <> hour(start_time) OR day <> day(start_time)",
                files(lake.resolve("time")))).isZero();
    }

    @Test
    void everyTableIsZstdParquetAndTheSpoiledLinesAreDeadLetters() throws Exception {
        for (String table : TABLES) {
            assertThat(codecs(lake.resolve(table))).as(table).containsExactly("ZSTD");
        }
        List<Map<String, Object>> errors = DuckDb.query("SELECT source_table, reason, line FROM read_json_auto(?)"
                + " ORDER BY reason", files(lake.resolve("errors")));

        assertThat(errors).extracting(e -> e.get("source_table") + " " + e.get("reason") + " " + e.get("line"))
                .containsExactly("log_data not-a-json-object " + NOT_JSON,
                        "log_data song-play-without-user " + LOGGED_OUT_PLAY);
    }
}
