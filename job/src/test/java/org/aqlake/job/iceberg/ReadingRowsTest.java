package org.aqlake.job.iceberg;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.Type;

import org.aqlake.job.model.Reading;
import org.aqlake.job.sink.ReadingWriteSupport;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingRowsTest {

    static final long EVENT_TIME = Instant.parse("2024-05-01T13:45:00Z").toEpochMilli();
    static final long ARRIVAL_TIME = Instant.parse("2024-05-01T13:46:30.123Z").toEpochMilli();

    static Reading reading() {
        Reading r = new Reading();
        r.eventTime = EVENT_TIME;
        r.parameter = "pm25";
        r.value = 12.5;
        r.unit = "µg/m³";
        r.location = "Kraków";
        r.city = "Krakow";
        r.country = "PL";
        r.latitude = 50.06;
        r.longitude = 19.94;
        r.averagingPeriodValue = 1.0;
        r.averagingPeriodUnit = "hours";
        r.sourceName = "openaq";
        r.sourceType = "government";
        r.mobile = false;
        r.deviceId = "dev-1";
        r.arrivalTime = ARRIVAL_TIME;
        r.shardId = "shardId-000000000001";
        r.sequenceNumber = "4960";
        return r;
    }

    /** Every column of a row, read the way Flink's and Iceberg's writers read it: by the schema's types. */
    static List<Object> columns(RowData row) {
        RowType type = FlinkSchemaUtil.convert(ReadingRows.SCHEMA);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            values.add(RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row));
        }
        return values;
    }

    @Test
    void theIcebergTableHasTheColumnsOfTheParquetTableInTheirOrder() {
        List<String> parquet = ReadingWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());
        List<String> iceberg = ReadingRows.SCHEMA.columns().stream().map(Types.NestedField::name)
                .collect(Collectors.toList());

        assertThat(iceberg).isEqualTo(parquet);
        assertThat(ReadingRows.SCHEMA.columns()).filteredOn(Types.NestedField::isRequired)
                .extracting(Types.NestedField::name)
                .containsExactlyElementsOf(ReadingWriteSupport.SCHEMA.getFields().stream()
                        .filter(f -> f.getRepetition() == Type.Repetition.REQUIRED).map(Type::getName)
                        .collect(Collectors.toList()));
    }

    @Test
    void aReadingBecomesARowOfEveryColumnWithItsTimesAsInstants() {
        RowData row = new ReadingRows().map(reading());

        assertThat(row.getArity()).isEqualTo(ReadingRows.SCHEMA.columns().size());
        assertThat(columns(row)).containsExactly(
                TimestampData.fromEpochMillis(EVENT_TIME), StringData.fromString("pm25"), 12.5,
                StringData.fromString("µg/m³"), StringData.fromString("Kraków"), StringData.fromString("Krakow"),
                StringData.fromString("PL"), 50.06, 19.94, 1.0, StringData.fromString("hours"),
                StringData.fromString("openaq"), StringData.fromString("government"), false,
                StringData.fromString("dev-1"), TimestampData.fromEpochMillis(ARRIVAL_TIME),
                StringData.fromString("shardId-000000000001"), StringData.fromString("4960"));
    }

    @Test
    void theOptionalColumnsOfAReadingWithoutThemAreNull() {
        Reading r = reading();
        r.location = null;
        r.city = null;
        r.country = null;
        r.latitude = null;
        r.longitude = null;
        r.averagingPeriodValue = null;
        r.averagingPeriodUnit = null;
        r.sourceName = null;
        r.sourceType = null;
        r.mobile = null;
        r.deviceId = null;

        RowData row = new ReadingRows().map(r);

        for (Types.NestedField f : ReadingRows.SCHEMA.columns()) {
            int i = ReadingRows.SCHEMA.columns().indexOf(f);
            assertThat(row.isNullAt(i)).as(f.name()).isEqualTo(f.isOptional());
        }
    }
}
