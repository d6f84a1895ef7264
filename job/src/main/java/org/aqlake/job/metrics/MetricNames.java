package org.aqlake.job.metrics;

/**
 * Every metric the job reports, with its dimensions. Managed Flink forwards the counters of the
 * {@value #GROUP} group to CloudWatch, so the names are part of the alarms' contract: never rename one.
 */
public final class MetricNames {

    /** The group Managed Flink exports to CloudWatch. */
    public static final String GROUP = "kinesisanalytics";

    /** Dimension of {@link #DEAD_LETTERS}: the dead letter's type, one of {@code ErrorType#id()}. */
    public static final String ERROR_TYPE = "ErrorType";
    /** Dimension of {@link #CONSENT_DENIED}: the reason, one of {@code ConsentDenial#id()}. */
    public static final String DENIAL_REASON = "Reason";

    /** Readings decoded and valid. */
    public static final String READINGS_DECODED = "readingsDecoded";
    /** Dead letters written, per {@link #ERROR_TYPE}. */
    public static final String DEAD_LETTERS = "deadLetters";
    /** Records dropped as copies of one already seen, before decoding. */
    public static final String DUPLICATE_RECORDS = "duplicateRecords";

    /** Consent records decoded from the consent stream or bootstrap file. */
    public static final String CONSENT_RECORDS = "consentRecords";
    /** Readings refused by the consent gate, per {@link #DENIAL_REASON}. */
    public static final String CONSENT_DENIED = "consentDenied";

    /** Readings that arrived after their window's first rows were due: each is in a correction. */
    public static final String LATE_READINGS = "lateReadings";
    /** Readings that arrived after their window closed: in the readings table, not in the aggregates. */
    public static final String LATE_READINGS_DROPPED = "lateReadingsDropped";
    /** Aggregate rows written with a revision above 0. */
    public static final String AGGREGATE_REVISIONS = "aggregateRevisions";

    /** Partition markers ({@code _SUCCESS}) written, first ones and rewrites. */
    public static final String SUCCESS_FILES = "successFiles";

    /** Lines a backfill read from its files (blank lines are not counted). */
    public static final String BACKFILL_LINES = "backfillLines";
    /** Backfilled lines that are no record (wrong CSV width, over the size cap, ...): each is a dead letter. */
    public static final String BACKFILL_LINES_REJECTED = "backfillLinesRejected";

    private MetricNames() {}
}
