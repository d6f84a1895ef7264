package org.aqlake.job;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;

import org.aqlake.job.iceberg.AggregateTableRows;
import org.aqlake.job.iceberg.ErrorRows;
import org.aqlake.job.iceberg.IcebergTables;
import org.aqlake.job.iceberg.LakeTable;
import org.aqlake.job.iceberg.ReadingRows;
import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.iceberg.MaintenanceSettings;
import org.aqlake.job.iceberg.TableMaintenanceGraph;
import org.aqlake.job.model.Reading;

import java.util.Optional;

/**
 * The Iceberg sinks of {@code lake.format=iceberg}, in place of the readings, aggregates and dead-letter
 * FileSinks: each table's rows through Iceberg's Flink sink, which commits a snapshot per checkpoint
 * (exactly once). The readings of both branches of the consent gate go to the one readings table; the
 * aggregates are upserted, a correction replacing its row. Each table has its maintenance, when it is on.
 */
final class IcebergGraph {

    private IcebergGraph() {}

    static void readings(DataStream<Reading> readings, IcebergTables tables, Optional<MaintenanceSettings> maintenance) {
        write(readings, new ReadingRows(), LakeTable.READINGS, tables, OperatorUids.READINGS_ICEBERG_ROWS,
                OperatorUids.READINGS_ICEBERG_SINK, "Readings");
        maintain(readings, LakeTable.READINGS, tables, OperatorUids.READINGS_ICEBERG_MAINTENANCE, maintenance);
    }

    static void aggregates(DataStream<Aggregate> aggregates, IcebergTables tables,
            Optional<MaintenanceSettings> maintenance) {
        write(aggregates, new AggregateTableRows(), LakeTable.AGGREGATES, tables,
                OperatorUids.AGGREGATES_ICEBERG_ROWS, OperatorUids.AGGREGATES_ICEBERG_SINK, "Aggregates");
        maintain(aggregates, LakeTable.AGGREGATES, tables, OperatorUids.AGGREGATES_ICEBERG_MAINTENANCE, maintenance);
    }

    static void errors(DataStream<DeadLetter> deadLetters, IcebergTables tables,
            Optional<MaintenanceSettings> maintenance) {
        write(deadLetters, new ErrorRows(), LakeTable.ERRORS, tables, OperatorUids.ERRORS_ICEBERG_ROWS,
                OperatorUids.ERRORS_ICEBERG_SINK, "Dead letters");
        maintain(deadLetters, LakeTable.ERRORS, tables, OperatorUids.ERRORS_ICEBERG_MAINTENANCE, maintenance);
    }

    /**
     * Nothing, with the watermarks of {@code from}: what the Parquet aggregates and dead-letter sinks get with
     * Iceberg. A job with {@code lake.format=iceberg} wrote those tables as Parquet and JSON lines before they
     * were Iceberg tables; their sinks stay in the graph, under their uids, so that a savepoint of that job
     * restores without allowNonRestoredState and what they held (the aggregates' partitions waiting for their
     * {@code _SUCCESS} file) is finished rather than dropped.
     */
    static <T> DataStream<T> retired(SingleOutputStreamOperator<?> from, Class<T> type) {
        return from.getSideOutput(new OutputTag<>("retired-" + type.getSimpleName(), TypeInformation.of(type)));
    }

    private static <T> void write(DataStream<T> in, MapFunction<T, RowData> toRows, LakeTable table,
            IcebergTables tables, String rowsUid, String sinkUid, String name) {
        DataStream<RowData> rows = in
                .map(toRows, InternalTypeInfo.of(FlinkSchemaUtil.convert(table.schema)))
                .uid(rowsUid)
                .name(name + " as Iceberg rows");
        tables.sink(table, rows)
                .uidPrefix(sinkUid)
                .append()
                .name(name + " (Iceberg)");
    }

    private static void maintain(DataStream<?> in, LakeTable table, IcebergTables tables, String uidPrefix,
            Optional<MaintenanceSettings> maintenance) {
        maintenance.ifPresent(settings -> TableMaintenanceGraph.attach(in.getExecutionEnvironment(),
                tables.tableLoader(table), uidPrefix, settings));
    }
}
