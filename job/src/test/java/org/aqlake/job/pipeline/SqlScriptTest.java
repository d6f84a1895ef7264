package org.aqlake.job.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {

    static final String SCRIPT = String.join("\n",
            "-- a comment; with a semicolon",
            "SET 'pipeline.name' = 'retail ${lake}';",
            "CREATE TABLE events (",
            "  line STRING,",
            "  note STRING COMMENT 'a; b'",
            ") WITH (",
            "  'connector' = 'filesystem',",
            "  'path' = '${input}/events.csv',",
            "  'format' = 'raw'",
            ");",
            "CREATE TABLE out_events (line STRING) WITH ('connector' = 'filesystem', 'path' = '${lake}/events',",
            "  'format' = 'parquet');",
            "INSERT INTO out_events SELECT line FROM events WHERE line <> '${header}';");

    static List<String> sql(SqlScript script, Map<String, String> params) {
        return script.bind(params).stream().map(s -> s.sql).collect(Collectors.toList());
    }

    @Test
    void theParserSplitsTheScriptIntoItsStatementsWhateverSemicolonsTheCommentsAndStringsHold() {
        List<SqlScript.BoundStatement> statements = SqlScript.parse("t.sql", SCRIPT)
                .bind(Map.of("lake", "/l", "input", "/in", "header", "h"));

        assertThat(statements).extracting(s -> s.kind).containsExactly(ScriptStatement.Kind.SET,
                ScriptStatement.Kind.DDL, ScriptStatement.Kind.DDL, ScriptStatement.Kind.INSERT);
        assertThat(statements).extracting(s -> s.line).containsExactly(2, 3, 11, 13);
    }

    @Test
    void aParameterBecomesANewStringLiteralInOptionsSetValuesAndQueries() {
        List<String> sql = sql(SqlScript.parse("t.sql", SCRIPT),
                Map.of("lake", "s3://lake/retail", "input", "/data", "header", "timestamp,visitorid"));

        assertThat(sql.get(0)).contains("'retail s3://lake/retail'");
        assertThat(sql.get(1)).contains("'path' = '/data/events.csv'").contains("'a; b'");
        assertThat(sql.get(2)).contains("'path' = 's3://lake/retail/events'");
        assertThat(sql.get(3)).contains("<> 'timestamp,visitorid'");
    }

    @Test
    void aValueThatLooksLikeSqlStaysOneQuotedString() {
        String hostile = "x'); DROP TABLE events; --";

        List<String> sql = sql(SqlScript.parse("t.sql", SCRIPT),
                Map.of("lake", "/l", "input", "/in", "header", hostile));

        // the quote is doubled inside one literal, so the value is data, never a statement
        assertThat(sql.get(3)).contains("<> 'x''); DROP TABLE events; --'");
        SqlScript again = SqlScript.parse("again.sql", sql.get(3));
        assertThat(again.bind(Map.of())).hasSize(1);
    }

    @Test
    void aMissingParameterIsNamedWithItsLine() {
        assertThatThrownBy(() -> SqlScript.parse("t.sql", SCRIPT).bind(Map.of("lake", "/l", "header", "h")))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("t.sql line 8").hasMessageContaining("'input'");
    }

    @Test
    void aParameterTheScriptDoesNotUseIsRefused() {
        assertThatThrownBy(() -> SqlScript.parse("t.sql", SCRIPT)
                .bind(Map.of("lake", "/l", "input", "/in", "header", "h", "laek", "/x")))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("[laek]");
    }

    @Test
    void aParameterWhereNoneIsReplacedFailsWithItsLine() {
        String script = "CREATE TABLE t (a STRING COMMENT '${lake}') WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO t SELECT 'x';";

        assertThatThrownBy(() -> SqlScript.parse("c.sql", script).bind(Map.of("lake", "/l")))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("c.sql line 1");
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        assertThatThrownBy(() -> SqlScript.parse("s.sql", "CREATE TABLE t (a STRING);\nINSERT INTO t SELEC 1;"))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("s.sql line 2");
    }

    @Test
    void aQueryOrSetUpAfterTheInsertsIsRefused() {
        assertThatThrownBy(() -> SqlScript.parse("q.sql", "SELECT 1;"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("q.sql line 1");
        assertThatThrownBy(() -> SqlScript.parse("o.sql",
                "INSERT INTO t SELECT 1;\nCREATE TABLE u (a INT) WITH ('connector' = 'blackhole');"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("o.sql line 2");
        assertThatThrownBy(() -> SqlScript.parse("n.sql", "CREATE TABLE u (a INT) WITH ('connector' = 'x');"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("no INSERT");
    }

    @Test
    void aParameterInATableHintsOptionsIsBoundToo() {
        String script = "INSERT INTO out_events SELECT line FROM events /*+ OPTIONS('path' = '${input}') */;";

        List<String> sql = sql(SqlScript.parse("h.sql", script), Map.of("input", "/data/x.csv"));

        assertThat(sql.get(0)).containsPattern("/\\*\\+ `?OPTIONS`?\\('path' = '/data/x.csv'\\)\\s*\\*/");
    }

    @Test
    void textOutsideAsciiSurvivesTheRoundTrip() {
        String script = "INSERT INTO t SELECT 'µg/m³ ${unit}', 'São Paulo' FROM s WHERE c = 'Ω';";

        List<String> sql = sql(SqlScript.parse("u.sql", script), Map.of("unit", "über"));

        assertThat(sql.get(0)).contains("'µg/m³ über'", "'São Paulo'", "'Ω'");
    }

    @Test
    void aStatementSetBlockIsTheJobsInserts() {
        String script = "EXECUTE STATEMENT SET BEGIN\n"
                + "INSERT INTO a SELECT '${v}';\n"
                + "INSERT INTO b SELECT 'w';\n"
                + "END;";

        List<SqlScript.BoundStatement> statements = SqlScript.parse("set.sql", script).bind(Map.of("v", "1"));

        assertThat(statements).extracting(s -> s.kind).containsExactly(ScriptStatement.Kind.INSERT,
                ScriptStatement.Kind.INSERT);
        assertThat(statements).extracting(s -> s.line).containsExactly(2, 3);
        assertThat(statements.get(0).sql).contains("INSERT INTO `a`").contains("'1'");
        assertThat(statements.get(1).sql).contains("INSERT INTO `b`");
    }
}
