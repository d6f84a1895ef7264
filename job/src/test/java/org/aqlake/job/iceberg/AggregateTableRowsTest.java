package org.aqlake.job.iceberg;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.Type;

import org.aqlake.job.aggregate.LocationKey;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.sink.AggregateWriteSupport;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateTableRowsTest {

    static final long WINDOW_START = Instant.parse("2024-05-01T13:00:00Z").toEpochMilli();
    static final long WINDOW_END = Instant.parse("2024-05-01T14:00:00Z").toEpochMilli();
    static final long FIRST = Instant.parse("2024-05-01T13:01:00Z").toEpochMilli();
    static final long LAST = Instant.parse("2024-05-01T13:59:00Z").toEpochMilli();
    static final long SEALED = Instant.parse("2024-05-01T15:00:00Z").toEpochMilli();

    static Aggregate aggregate() {
        Aggregate a = new Aggregate();
        a.windowStart = WINDOW_START;
        a.windowEnd = WINDOW_END;
        a.location = "Marylebone Road";
        a.city = "London";
        a.country = "GB";
        a.latitude = 51.5225;
        a.longitude = -0.1546;
        a.parameter = "pm25";
        a.unit = "µg/m³";
        a.count = 12;
        a.min = 3.0;
        a.max = 21.0;
        a.mean = 9.5;
        a.firstTime = FIRST;
        a.lastTime = LAST;
        a.referenceUnit = "µg/m³";
        a.meanReference = 9.5;
        a.aqiAveraging = "1h";
        a.aqiConcentration = 9.5;
        a.aqi = 40;
        a.aqiCategory = "Good";
        a.locationAqi = 40;
        a.dominantPollutant = "pm25";
        a.whoAveraging = "24h";
        a.whoMean = 9.5;
        a.whoGuideline = 15.0;
        a.whoExceeds = false;
        a.revision = 1;
        a.arrivalsUntil = null;
        a.sealedAt = SEALED;
        return a;
    }

    static List<Object> columns(RowData row) {
        RowType type = FlinkSchemaUtil.convert(AggregateTableRows.SCHEMA);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            values.add(RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row));
        }
        return values;
    }

    static StringData s(String text) {
        return StringData.fromString(text);
    }

    @Test
    void theIcebergTableHasTheColumnsOfTheParquetTableInTheirOrderRequiredAlikeThenThePlaceKey() {
        List<String> parquet = AggregateWriteSupport.SCHEMA.getFields().stream().map(Type::getName)
                .collect(Collectors.toList());
        List<String> parquetRequired = AggregateWriteSupport.SCHEMA.getFields().stream()
                .filter(f -> f.getRepetition() == Type.Repetition.REQUIRED).map(Type::getName)
                .collect(Collectors.toList());

        List<Types.NestedField> columns = AggregateTableRows.SCHEMA.columns();
        List<Types.NestedField> parquetColumns = columns.subList(0, columns.size() - 1);

        assertThat(parquetColumns).extracting(Types.NestedField::name).isEqualTo(parquet);
        assertThat(parquetColumns).filteredOn(Types.NestedField::isRequired)
                .extracting(Types.NestedField::name).isEqualTo(parquetRequired);
        assertThat(columns.get(columns.size() - 1).name()).isEqualTo("place_key");
        assertThat(columns.get(columns.size() - 1).isRequired()).isTrue();
    }

    @Test
    void aRowIsIdentifiedByItsPlaceParameterUnitAndWindowStart() {
        assertThat(AggregateTableRows.SCHEMA.identifierFieldNames())
                .containsExactlyInAnyOrderElementsOf(AggregateTableRows.KEY)
                .containsExactlyInAnyOrder("place_key", "parameter", "unit", "window_start");
    }

    @Test
    void thePlaceKeyIsTheAggregationsKeyAndNeverNull() {
        Aggregate withoutLocation = aggregate();
        withoutLocation.location = null;
        withoutLocation.city = null;
        withoutLocation.country = null;
        int placeKey = AggregateTableRows.SCHEMA.columns().size() - 1;

        assertThat(columns(new AggregateTableRows().map(aggregate())).get(placeKey))
                .isEqualTo(s(LocationKey.of("Marylebone Road", "London", "GB")));
        assertThat(columns(new AggregateTableRows().map(withoutLocation)).get(placeKey)).isEqualTo(s(""));
    }

    @Test
    void anAggregateRevisionBecomesARowOfEveryColumnWithItsTimesAsInstants() {
        List<Object> row = columns(new AggregateTableRows().map(aggregate()));

        assertThat(row).containsExactly(
                TimestampData.fromEpochMillis(WINDOW_START), TimestampData.fromEpochMillis(WINDOW_END),
                s("Marylebone Road"), s("London"), s("GB"), 51.5225, -0.1546, s("pm25"), s("µg/m³"),
                12L, 3.0, 21.0, 9.5, TimestampData.fromEpochMillis(FIRST), TimestampData.fromEpochMillis(LAST),
                s("µg/m³"), 9.5, s("1h"), 9.5, 40, s("Good"), 40, s("pm25"), s("24h"), 9.5, 15.0, false,
                1, null, TimestampData.fromEpochMillis(SEALED), s(LocationKey.of("Marylebone Road", "London", "GB")));
    }
}
