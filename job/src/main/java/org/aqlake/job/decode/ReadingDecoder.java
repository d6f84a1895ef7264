package org.aqlake.job.decode;

import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;

import java.io.Serializable;

/** Payload bytes to a validated {@link Reading}: inflate if gzip, parse the JSON, apply the rules. */
public final class ReadingDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ReadingValidator validator;

    public ReadingDecoder(ValidationRules rules) {
        this.validator = new ReadingValidator(rules);
    }

    /** @throws InvalidRecordException with the dead-letter type, field and reason */
    public Reading decode(KinesisRecord record) throws InvalidRecordException {
        byte[] json = Payloads.inflateIfGzip(record.data);
        return validator.toReading(ReadingJsonParser.parse(json), record);
    }
}
