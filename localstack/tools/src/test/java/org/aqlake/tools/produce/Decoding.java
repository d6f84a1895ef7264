package org.aqlake.tools.produce;

import org.aqlake.job.decode.InvalidRecordException;
import org.aqlake.job.decode.ReadingDecoder;
import org.aqlake.job.decode.ValidationRules;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;

/** What the job itself makes of a produced record: a reading, or the type of its dead letter. */
final class Decoding {

    private static final ReadingDecoder DECODER = new ReadingDecoder(ValidationRules.DEFAULTS);

    final Reading reading;
    final ErrorType error;

    private Decoding(Reading reading, ErrorType error) {
        this.reading = reading;
        this.error = error;
    }

    static Decoding of(ProducerRecord r, long arrivalTime) {
        try {
            return new Decoding(DECODER.decode(new KinesisRecord(r.data, "test", "shardId-000000000000", "1",
                    r.partitionKey, arrivalTime)), null);
        } catch (InvalidRecordException e) {
            return new Decoding(null, e.type());
        }
    }
}
