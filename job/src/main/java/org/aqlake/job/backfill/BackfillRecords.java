package org.aqlake.job.backfill;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.aqlake.job.decode.DeadLetterRedaction;
import org.aqlake.job.metrics.MetricNames;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.KinesisRecord;

/**
 * Backfilled lines into the records the stream would have carried, so that the pipeline after it is the
 * stream's, unchanged. Lineage names the file and the line instead of the shard and the sequence number:
 * {@code stream} is {@value #STREAM}, {@code shard_id} the file, {@code sequence_number} the line number.
 * A line that is no record (a CSV row of the wrong width, a line over the size cap, an archive line without
 * its payload) is a dead letter holding the original line, redacted like the decoder's.
 */
public final class BackfillRecords extends ProcessFunction<BackfillLine, KinesisRecord> {

    private static final long serialVersionUID = 1L;

    /** The {@code stream} of every backfilled record, dead letter and row. */
    public static final String STREAM = "backfill";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("backfill-dead-letters", TypeInformation.of(DeadLetter.class));

    private final DeadLetterRedaction redaction;
    private final boolean csvRowsExempt;
    private transient Counter lines;
    private transient Counter rejected;

    /**
     * @param csvRowsExempt {@code backfill.csv-source-type} is exempt from consent: every row of a daily CSV
     *     file is declared to be of it, so a rejected row's line is kept as it is, as the stream keeps an exempt
     *     reading's payload; other rejected lines are redacted as the decoder redacts what it cannot prove exempt
     */
    public BackfillRecords(DeadLetterRedaction redaction, boolean csvRowsExempt) {
        this.redaction = redaction;
        this.csvRowsExempt = csvRowsExempt;
    }

    @Override
    public void open(Configuration parameters) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricNames.GROUP);
        lines = group.counter(MetricNames.BACKFILL_LINES);
        rejected = group.counter(MetricNames.BACKFILL_LINES_REJECTED);
    }

    @Override
    public void processElement(BackfillLine line, Context ctx, Collector<KinesisRecord> out) {
        lines.inc();
        KinesisRecord record = new KinesisRecord(line.data, STREAM, line.file, Long.toString(line.line),
                line.partitionKey, line.arrivalTime);
        if (!line.rejected) {
            out.collect(record);
            return;
        }
        rejected.inc();
        DeadLetter letter = DeadLetter.of(record, line.rejection, null, line.reason);
        letter.partitionKey = null; // a rejected line has no key of its own
        if (!(line.csv && csvRowsExempt)) {
            redaction.apply(letter, line.reason);
        }
        ctx.output(DEAD_LETTERS, letter);
    }
}
