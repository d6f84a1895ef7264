package org.aqlake.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code parse_crime_csv} in a real TableEnvironment, over a BYTES column as the Kinesis raw format gives it. */
class ParseCrimeCsvTest {

    static final String BATCH = "cdatetime,address,district,beat,grid,crimedescr,ucr_ncic_code,latitude,longitude\r\n"
            + "1/1/06 0:00,3108 OCCIDENTAL DR,3,3C        ,1115,10851(A)VC TAKE VEH W/O OWNER,2404,38.55042047,-121.3914158\r\n"
            + "1/31/06 1:21,24TH ST / FLORIN RD,4,5A        ,1356,TOWED/STORED VEH-14602.6,7000,38.49575914,-121.";

    static TableEnvironment sql;

    @BeforeAll
    static void registerTheFunction() {
        sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        sql.createTemporaryFunction("parse_crime_csv", ParseCrimeCsv.class);
        sql.createTemporaryView("batches", sql.fromValues(BATCH.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static List<Row> rows(TableResult result) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void aBatchGivesATypedRowAndADeadLetterWithItsLineNumberAndText() {
        Table t = sql.sqlQuery("SELECT c.* FROM batches AS b, LATERAL TABLE(parse_crime_csv(b.f0)) AS c ORDER BY line_number");

        List<Row> rows = rows(t.execute());

        assertThat(rows).hasSize(2);
        Row crime = rows.get(0);
        assertThat(crime.getField("line_number")).isEqualTo(2);
        assertThat(crime.getField("cdatetime")).isEqualTo(LocalDateTime.of(2006, 1, 1, 0, 0));
        assertThat(crime.getField("beat")).isEqualTo("3C");
        assertThat(crime.getField("district")).isEqualTo(3);
        assertThat(crime.getField("coordinates")).isEqualTo(Row.of(38.55042047, -121.3914158));
        assertThat(crime.getField("error_type")).isNull();
        Row dead = rows.get(1);
        assertThat(dead.getField("line_number")).isEqualTo(3);
        assertThat(dead.getField("error_type")).isEqualTo("schema-mismatch");
        assertThat((String) dead.getField("reason")).startsWith("longitude: '-121.'");
        assertThat((String) dead.getField("line")).endsWith(",-121.");
        assertThat(dead.getField("cdatetime")).isNull();
    }

    @Test
    void theColumnsHaveTheSqlTypesOfTheSchema() {
        Table t = sql.sqlQuery("SELECT c.* FROM batches AS b, LATERAL TABLE(parse_crime_csv(b.f0)) AS c");

        assertThat(t.getResolvedSchema().toString())
                .contains("`cdatetime` TIMESTAMP(3)", "`district` INT", "`grid` INT", "`ucr_ncic_code` INT",
                        "`coordinates` ROW<`latitude` DOUBLE, `longitude` DOUBLE>");
    }

    @Test
    void aStringPayloadIsReadAsWell() {
        Table t = sql.sqlQuery("SELECT COUNT(*) FROM batches AS b,"
                + " LATERAL TABLE(parse_crime_csv(CAST(b.f0 AS STRING))) AS c WHERE c.error_type IS NULL");

        assertThat(rows(t.execute()).get(0).getField(0)).isEqualTo(1L);
    }
}
