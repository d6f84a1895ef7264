package org.aqlake.job;

import java.util.List;

/**
 * The uid of every operator. A savepoint finds each operator's state by its uid, so these strings are
 * part of the upgrade contract: never rename one. {@code OperatorUidsTest} holds them against
 * {@code operator-uids.txt}.
 */
public final class OperatorUids {

    public static final String SOURCE = "kinesis-readings-source";
    public static final String RAW_ARCHIVE_SINK = "raw-archive-sink";
    public static final String DEDUP = "deduplicate-records";
    public static final String DECODE = "decode-readings";
    public static final String WATERMARKS = "readings-watermarks";

    public static final String CONSENT_SOURCE = "kinesis-consent-source";
    public static final String CONSENT_BOOTSTRAP_SOURCE = "consent-bootstrap-source";
    public static final String CONSENT_DECODE = "decode-consent";
    public static final String CONSENT_WATERMARKS = "consent-watermarks";
    public static final String CONSENT_DECODE_BOOTSTRAP = "decode-consent-bootstrap";
    public static final String CONSENT_TRIAGE = "consent-triage";
    public static final String CONSENT_GATE = "consent-gate";
    public static final String CONSENT_EVENT_TIME = "consent-event-time";

    public static final String PARTITION_BOUND = "readings-partition-bound";
    public static final String CONSENTED_PARTITION_BOUND = "readings-consented-partition-bound";
    public static final String READINGS_SINK = "readings-sink";
    public static final String CONSENTED_READINGS_SINK = "readings-consented-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    /** One pre-aggregation per branch of the consent gate, exempt readings first. */
    public static final List<String> PRE_AGGREGATE =
            List.of("pre-aggregate-readings", "pre-aggregate-consented-readings");
    public static final String AGGREGATE = "aggregate-readings";
    public static final String AGGREGATES_SINK = "aggregates-sink";
    public static final String AGGREGATES_LATE_SINK = "aggregates-late-sink";

    /** lake.format=iceberg: the readings as Iceberg rows, and the prefix of the Iceberg sink's writer and committer. */
    public static final String READINGS_ICEBERG_ROWS = "readings-iceberg-rows";
    public static final String READINGS_ICEBERG_SINK = "readings-iceberg";
    public static final String AGGREGATES_ICEBERG_ROWS = "aggregates-iceberg-rows";
    public static final String AGGREGATES_ICEBERG_SINK = "aggregates-iceberg";
    public static final String ERRORS_ICEBERG_ROWS = "errors-iceberg-rows";
    public static final String ERRORS_ICEBERG_SINK = "errors-iceberg";
    /** The uid prefixes of each table's maintenance operators ({@code iceberg/TableMaintenanceGraph}). */
    public static final String READINGS_ICEBERG_MAINTENANCE = "readings-iceberg-maintenance";
    public static final String AGGREGATES_ICEBERG_MAINTENANCE = "aggregates-iceberg-maintenance";
    public static final String ERRORS_ICEBERG_MAINTENANCE = "errors-iceberg-maintenance";

    /**
     * The bounded repair's graph ({@code AqLakeRepair}), a job of its own: no savepoint of the stream
     * holds these, and {@code operator-uids.txt} lists the stream's graph only.
     */
    public static final String REPAIR_READINGS_SOURCE = "repair-readings-source";
    public static final String REPAIR_AGGREGATES_SOURCE = "repair-aggregates-source";
    public static final String REPAIR_WINDOWS = "repair-windows";
    public static final String REPAIR_AGGREGATES_SINK = "repair-aggregates-sink";

    /**
     * The bounded backfill's own operators ({@code AqLakeBackfill}): its file source and the step that turns
     * lines into records. The rest of its graph is the stream's, with the stream's uids; no savepoint of the
     * stream is restored into a backfill.
     */
    public static final String BACKFILL_SOURCE = "backfill-files-source";
    public static final String BACKFILL_RECORDS = "backfill-records";

    /** The partition committer's uid within a sink: Flink prefixes it with the sink's, as "readings-sink: ...". */
    public static final String PARTITION_COMMIT = "partition-commit";
    /**
     * Within each sink feeding a partition committer, the stateless map chained to its writers that tags
     * their committables with the sink's index. Flink prefixes it with the sink's uid.
     */
    public static final String PARTITION_COMMIT_TAG = "partition-commit-tag";

    /**
     * Flink's FileSink compaction: the uids its coordinator and compactor get from the FileSink itself, which
     * Flink prefixes with the sink's uid, as "readings-sink: FileSinkCompactorCoordinator". Named here so that
     * a Flink upgrade that renames them is caught ({@code operator-uids.txt}).
     */
    public static final String COMPACT_COORDINATOR = "FileSinkCompactorCoordinator";
    public static final String COMPACTOR = "FileSinkCompactorOperator";

    private OperatorUids() {}
}
