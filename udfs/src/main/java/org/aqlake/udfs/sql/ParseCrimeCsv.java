package org.aqlake.udfs.sql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

import org.aqlake.udfs.crime.CrimeCsv;
import org.aqlake.udfs.crime.CrimeLine;
import org.aqlake.udfs.crime.CrimeRow;

import java.util.List;

/**
 * {@code LATERAL TABLE(parse_crime_csv(payload))}: one Kinesis record holding a batch of Sacramento crime CSV
 * lines (BYTES, UTF-8, or STRING) to one row per line ({@link CrimeCsv}). A line that is a crime has a
 * NULL {@code error_type}; a line that is not has its {@code error_type} and {@code reason}, and every line
 * keeps its {@code line_number} in the batch and its text, so that a dead letter names what it was.
 * A NULL payload gives no row.
 */
@FunctionHint(output = @DataTypeHint(ParseCrimeCsv.OUTPUT))
public class ParseCrimeCsv extends TableFunction<Row> {

    private static final long serialVersionUID = 1L;

    /** The rows' type; {@code cdatetime} is the city's wall-clock time, with no zone. */
    public static final String OUTPUT = "ROW<line_number INT, cdatetime TIMESTAMP(3), address STRING, district INT,"
            + " beat STRING, grid INT, crimedescr STRING, ucr_ncic_code INT,"
            + " coordinates ROW<latitude DOUBLE, longitude DOUBLE>, error_type STRING, reason STRING, line STRING>";

    public void eval(byte[] payload) {
        if (payload != null) {
            emit(CrimeCsv.parse(payload));
        }
    }

    public void eval(String payload) {
        if (payload != null) {
            emit(CrimeCsv.parse(payload));
        }
    }

    private void emit(List<CrimeLine> lines) {
        for (CrimeLine l : lines) {
            Row out = Row.withPositions(12);
            out.setField(0, l.lineNumber);
            l.row.ifPresent(r -> fill(out, r));
            out.setField(9, l.errorType.orElse(null));
            out.setField(10, l.reason.orElse(null));
            out.setField(11, l.line);
            collect(out);
        }
    }

    private static void fill(Row out, CrimeRow r) {
        out.setField(1, r.cdatetime);
        out.setField(2, r.address.orElse(null));
        out.setField(3, r.district.orElse(null));
        out.setField(4, r.beat.orElse(null));
        out.setField(5, r.grid.orElse(null));
        out.setField(6, r.crimedescr.orElse(null));
        out.setField(7, r.ucrNcicCode.orElse(null));
        out.setField(8, r.coordinates.map(c -> Row.of(c.latitude, c.longitude)).orElse(null));
    }
}
