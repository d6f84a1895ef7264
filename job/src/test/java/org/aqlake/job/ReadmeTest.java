package org.aqlake.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;

import org.aqlake.job.config.AqLakeOptions;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.sink.AggregateWriteSupport;
import org.aqlake.job.sink.LateReadingsWriteSupport;
import org.aqlake.job.sink.ReadingWriteSupport;
import org.aqlake.job.metrics.MetricNames;
import org.aqlake.udfs.sql.AqLakeFunctions;

import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the docs true to the code: the key, column, dead-letter and metric tables of job/README.md, the
 * named-query table of sql/README.md and the function table of udfs/README.md list what the code has, and
 * the top-level README stays short.
 */
class ReadmeTest {

    /** A function's name in the first cell of the function table: {@code aqi_pm25(µg/m³), aqi_pm10(µg/m³)}. */
    static final Pattern FUNCTION_NAME = Pattern.compile("(\\w+)\\(");

    static final Path ROOT = Path.of("..");
    static final Path JOB_README = ROOT.resolve("job/README.md");
    static final Path SQL_README = ROOT.resolve("sql/README.md");
    static final Path UDFS_README = ROOT.resolve("udfs/README.md");
    /** The top-level README says what the project is and where to go next; the details live beside their code. */
    static final int README_MAX_LINES = 250;

    static List<String> lines(Path doc) throws IOException {
        return Files.readAllLines(doc, StandardCharsets.UTF_8);
    }

    /** The body rows of the tables in one section of a doc, as their cells (trimmed, without backticks). */
    static List<String[]> rows(Path doc, String heading) throws IOException {
        List<String> lines = lines(doc);
        int start = lines.indexOf(heading);
        assertThat(start).as("section %s of %s", heading, doc).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            boolean header = i + 1 < lines.size() && lines.get(i + 1).startsWith("|---");
            if (line.startsWith("|") && !line.startsWith("|---") && !header) {
                String[] cells = line.split("\\s*\\|\\s*");
                rows.add(Arrays.stream(cells).skip(1).map(c -> c.replace("`", "")).toArray(String[]::new));
            }
        }
        assertThat(rows).as("table rows in section %s of %s", heading, doc).isNotEmpty();
        return rows;
    }

    /** First cells mapped to second cells, for the table rows of one section. */
    static Map<String, String> table(Path doc, String heading) throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        for (String[] row : rows(doc, heading)) {
            table.put(row[0], row[1]);
        }
        return table;
    }

    static String readmeDefault(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object v = option.defaultValue();
        return v instanceof Duration ? TimeUtils.formatWithHighestUnit((Duration) v) : String.valueOf(v);
    }

    @Test
    void theConfigurationTableListsEveryKeyWithItsDefault() throws IOException {
        Map<String, String> expected = AqLakeOptions.ALL.stream()
                .collect(Collectors.toMap(ConfigOption::key, ReadmeTest::readmeDefault, (a, b) -> a, LinkedHashMap::new));

        assertThat(table(JOB_README, "## Configuration")).containsExactlyEntriesOf(expected);
    }

    @Test
    void theColumnTableListsEveryParquetColumn() throws IOException {
        List<String> columns = ReadingWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());

        assertThat(table(JOB_README, "## The readings table").keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void theAggregatesColumnTableListsEveryParquetColumn() throws IOException {
        List<String> columns = AggregateWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());

        assertThat(table(JOB_README, "## The aggregates table").keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void theLateReadingsColumnTableListsEveryParquetColumn() throws IOException {
        List<String> columns = LateReadingsWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());

        assertThat(table(JOB_README, "## The late-readings table").keySet()).containsExactlyElementsOf(columns);
    }

    @Test
    void theMetricsTableListsEveryMetricTheJobReports() throws Exception {
        // every constant of MetricNames but the group and the dimensions is a metric
        List<String> metrics = new ArrayList<>();
        for (java.lang.reflect.Field f : MetricNames.class.getFields()) {
            String value = (String) f.get(null);
            if (!value.equals(MetricNames.GROUP) && !value.equals(MetricNames.ERROR_TYPE)
                    && !value.equals(MetricNames.DENIAL_REASON)) {
                metrics.add(value);
            }
        }
        assertThat(table(JOB_README, "## Metrics").keySet()).containsExactlyInAnyOrderElementsOf(metrics);
    }

    @Test
    void theNamedQueryTableListsEveryQueryFile() throws IOException {
        List<String> files;
        try (var s = Files.list(ROOT.resolve("sql/queries"))) {
            files = s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql")).sorted()
                    .collect(Collectors.toList());
        }
        List<String> listed = new ArrayList<>(table(SQL_README, "## Named queries").keySet());

        assertThat(listed).containsExactlyElementsOf(files);
    }

    @Test
    void theDeadLetterTableListsEveryType() throws IOException {
        List<String> types = Arrays.stream(ErrorType.values()).map(ErrorType::id).collect(Collectors.toList());

        assertThat(table(JOB_README, "## Dead letters").keySet()).containsExactlyElementsOf(types);
    }

    @Test
    void theFunctionTableListsEverySqlFunctionInItsOrder() throws IOException {
        List<String> listed = new ArrayList<>();
        for (String[] row : rows(UDFS_README, "## SQL functions")) {
            Matcher m = FUNCTION_NAME.matcher(row[0]);
            while (m.find()) {
                listed.add(m.group(1));
            }
        }

        assertThat(listed).containsExactlyElementsOf(AqLakeFunctions.ALL.keySet());
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        assertThat(lines(ROOT.resolve("README.md"))).hasSizeLessThan(README_MAX_LINES);
    }
}
