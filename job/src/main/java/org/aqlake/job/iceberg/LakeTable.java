package org.aqlake.job.iceberg;

import org.apache.iceberg.Schema;

import java.util.List;

/**
 * The tables of the lake as Iceberg tables, named as the SQL console and Athena name them, so that the same
 * queries work in both formats.
 */
public enum LakeTable {
    /** Every reading that passed the consent gate, appended. */
    READINGS("readings", ReadingRows.SCHEMA, "hours(event_time)", List.of()),
    /** One row per place, parameter, unit and window: a correction replaces its row (upsert by the key). */
    AGGREGATES("aggregates", AggregateTableRows.SCHEMA, "hours(window_start)", AggregateTableRows.KEY),
    /** Every dead letter, appended, redacted as the JSON-lines errors table's. */
    ERRORS("errors", ErrorRows.SCHEMA, "days(arrival_time)", List.of());

    /** The table's name in the catalog database. */
    public final String tableName;
    public final Schema schema;
    /** The partition spec when the configuration names none. */
    public final String defaultPartitioning;
    /** The columns the sink upserts by; empty: the table is appended to. */
    public final List<String> upsertKey;

    LakeTable(String tableName, Schema schema, String defaultPartitioning, List<String> upsertKey) {
        this.tableName = tableName;
        this.schema = schema;
        this.defaultPartitioning = defaultPartitioning;
        this.upsertKey = upsertKey;
    }

    /** The setting an error message names: {@code readings.partition-spec} and so on. */
    String partitionSetting() {
        return tableName + ".partition-spec";
    }
}
