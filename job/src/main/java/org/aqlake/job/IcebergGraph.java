package org.aqlake.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;

import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.MaintenanceSettings;
import org.aqlake.job.iceberg.ReadingRows;
import org.aqlake.job.iceberg.TableMaintenanceGraph;
import org.aqlake.job.model.Reading;

import java.util.Optional;

/**
 * The Iceberg sinks of {@code lake.format=iceberg}, in place of the readings table's FileSinks: the
 * readings of both branches of the consent gate, as rows of the one Iceberg table, through Iceberg's
 * Flink sink, which commits a snapshot per checkpoint (exactly once), and the table's maintenance.
 */
final class IcebergGraph {

    private IcebergGraph() {}

    static void readings(DataStream<Reading> readings, IcebergTables tables,
                         Optional<MaintenanceSettings> maintenance) {
        DataStream<org.apache.flink.table.data.RowData> rows = readings
                .map(new ReadingRows(), InternalTypeInfo.of(FlinkSchemaUtil.convert(ReadingRows.SCHEMA)))
                .uid(OperatorUids.READINGS_ICEBERG_ROWS)
                .name("Readings as Iceberg rows");
        tables.readings(rows)
                .uidPrefix(OperatorUids.READINGS_ICEBERG_SINK)
                .append()
                .name("Readings (Iceberg)");
        maintenance.ifPresent(settings -> TableMaintenanceGraph.attach(readings.getExecutionEnvironment(),
                TableLoader.fromCatalog(tables.catalog(), tables.readingsTable()),
                OperatorUids.READINGS_ICEBERG_MAINTENANCE, settings));
    }
}
