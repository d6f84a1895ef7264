package org.aqlake.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;

import org.aqlake.job.config.AqLakeOptions;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.sink.AggregateWriteSupport;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.job.metrics.MetricNames;

import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README true to the code: its key, column and dead-letter tables list what the code has. */
class ReadmeTest {

    static final Path README = Path.of("..", "README.md");
    static List<String> lines;

    @BeforeAll
    static void readTheReadme() throws IOException {
        lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    }

    /** First cells (without backticks) mapped to second cells, for the table rows of one section. */
    static Map<String, String> table(String heading) {
        int start = lines.indexOf(heading);
        assertThat(start).as("README section %s", heading).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\s*\\|\\s*");
                rows.put(cells[1].replace("`", ""), cells[2].replace("`", ""));
            }
        }
        return rows;
    }

    static String readmeDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object v = option.defaultValue();
        return v instanceof Duration ? TimeUtils.formatWithHighestUnit((Duration) v) : String.valueOf(v);
    }

    @Test
    void theConfigurationTableListsEveryKeyWithItsDefault() {
        Map<String, String> expected = AqLakeOptions.ALL.stream()
                .collect(Collectors.toMap(ConfigOption::key, ReadmeTest::readmeDefault, (a, b) -> a, LinkedHashMap::new));

        assertThat(table("## Configuration")).containsExactlyEntriesOf(expected);
    }

    @Test
    void theColumnTableListsEveryParquetColumn() {
        List<String> columns = ReadingWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());

        assertThat(table("## The readings table").keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void theAggregatesColumnTableListsEveryParquetColumn() {
        List<String> columns = AggregateWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());

        assertThat(table("## The aggregates table").keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void theMetricsTableListsTheAggregationCounters() {
        assertThat(table("## Metrics").keySet()).contains(MetricNames.LATE_READINGS,
                MetricNames.LATE_READINGS_DROPPED, MetricNames.AGGREGATE_REVISIONS);
    }

    @Test
    void theSqlConsoleSectionListsEveryNamedQueryFile() throws IOException {
        List<String> files;
        try (var s = Files.list(Path.of("..", "sql", "queries"))) {
            files = s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql")).sorted()
                    .collect(Collectors.toList());
        }
        List<String> listed = table("## SQL console").keySet().stream().filter(k -> k.endsWith(".sql"))
                .collect(Collectors.toList());

        assertThat(listed).containsExactlyElementsOf(files);
    }

    @Test
    void theDeadLetterTableListsEveryType() {
        List<String> types = Arrays.stream(ErrorType.values()).map(ErrorType::id).collect(Collectors.toList());

        assertThat(table("## Dead letters").keySet()).containsExactlyElementsOf(types);
    }
}
