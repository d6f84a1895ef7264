package org.aqlake.job.decode;

import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.units.ConcentrationUnit;
import org.aqlake.udfs.units.Pollutant;

import java.io.Serializable;
import java.time.DateTimeException;

/**
 * The rules that turn a {@link RawReading} into a row. A reading becomes a row only when its UTC
 * timestamp parses, its parameter and unit are known, its value is finite and inside the configured
 * bounds, and its coordinates, when present, are on the globe. The README lists the same rules.
 */
public final class ReadingValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ValidationRules rules;

    public ReadingValidator(ValidationRules rules) {
        this.rules = rules;
    }

    Reading toReading(RawReading raw, KinesisRecord record) throws InvalidRecordException {
        Reading r = new Reading();
        r.eventTime = eventTime(raw, record);
        r.parameter = pollutant(raw).id();
        ConcentrationUnit unit = unit(raw);
        r.unit = unit.label();
        r.value = value(raw, unit);
        checkCoordinates(raw);
        r.latitude = raw.latitude;
        r.longitude = raw.longitude;
        r.location = raw.location;
        r.city = raw.city;
        r.country = raw.country;
        r.averagingPeriodValue = raw.averagingPeriodValue;
        r.averagingPeriodUnit = raw.averagingPeriodUnit;
        r.sourceName = raw.sourceName;
        r.sourceType = raw.sourceType;
        r.mobile = raw.mobile;
        r.deviceId = raw.deviceId;
        r.arrivalTime = record.arrivalTime;
        r.shardId = record.shardId;
        r.sequenceNumber = record.sequenceNumber;
        return r;
    }

    private long eventTime(RawReading raw, KinesisRecord record) throws InvalidRecordException {
        if (raw.utc == null || raw.utc.isBlank()) {
            String missing = "missing UTC timestamp (date.utc or date_utc)";
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "date.utc", missing, missing);
        }
        long t;
        try {
            t = Timestamps.parseUtcMillis(raw.utc);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "date.utc",
                    "date.utc '" + ReadingJsonParser.abbreviate(raw.utc) + "' is not an ISO-8601 timestamp",
                    "date.utc is not an ISO-8601 timestamp");
        }
        if (t < rules.minEventTimeMillis) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "date.utc",
                    "date.utc " + ReadingJsonParser.abbreviate(raw.utc) + " lies before validation.min-event-time "
                            + Timestamps.formatUtc(rules.minEventTimeMillis) + " (a device clock reset?)");
        }
        if (t > record.arrivalTime + rules.maxFutureMillis) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "date.utc",
                    "date.utc " + raw.utc + " lies more than " + rules.maxFutureMillis / 1000
                            + " s after the record's arrival " + Timestamps.formatUtc(record.arrivalTime),
                    "date.utc lies more than " + rules.maxFutureMillis / 1000 + " s after the record's arrival");
        }
        return t;
    }

    private static Pollutant pollutant(RawReading raw) throws InvalidRecordException {
        if (raw.parameter == null || raw.parameter.isBlank()) {
            String missing = "missing parameter (parameter or particle)";
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "parameter", missing, missing);
        }
        Pollutant p = Pollutant.fromName(raw.parameter);
        if (p == null) {
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "parameter",
                    "parameter '" + ReadingJsonParser.abbreviate(raw.parameter) + "' is not a known pollutant",
                    "parameter is not a known pollutant");
        }
        return p;
    }

    private static ConcentrationUnit unit(RawReading raw) throws InvalidRecordException {
        if (raw.unit == null || raw.unit.isBlank()) {
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "unit", "missing unit", "missing unit");
        }
        ConcentrationUnit u = ConcentrationUnit.fromLabel(raw.unit);
        if (u == null) {
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "unit",
                    "unit '" + ReadingJsonParser.abbreviate(raw.unit) + "' is not a known concentration unit",
                    "unit is not a known concentration unit");
        }
        return u;
    }

    private double value(RawReading raw, ConcentrationUnit unit) throws InvalidRecordException {
        if (raw.value == null) {
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "value", "missing value", "missing value");
        }
        double v = raw.value;
        if (!Double.isFinite(v)) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "value",
                    "value " + v + " is not a finite number", "value is not a finite number");
        }
        double scaled = unit.toSmallScale(v);
        if (scaled < rules.minValue || scaled > rules.maxValue) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "value",
                    "value " + v + " " + unit.label() + " is outside [" + rules.minValue + ", " + rules.maxValue
                            + "] on the µg/m³-or-ppb scale (a sentinel or a broken sensor)",
                    "value is outside [" + rules.minValue + ", " + rules.maxValue + "] on the µg/m³-or-ppb scale");
        }
        return v;
    }

    private static void checkCoordinates(RawReading raw) throws InvalidRecordException {
        if (raw.latitude == null && raw.longitude == null) {
            return;
        }
        if (raw.latitude == null || raw.longitude == null) {
            String half = "coordinates need both latitude and longitude";
            throw new InvalidRecordException(ErrorType.SCHEMA_MISMATCH, "coordinates", half, half);
        }
        if (!(raw.latitude >= -90 && raw.latitude <= 90)) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "coordinates.latitude",
                    "latitude " + raw.latitude + " is outside [-90, 90]", "latitude is outside [-90, 90]");
        }
        if (!(raw.longitude >= -180 && raw.longitude <= 180)) {
            throw new InvalidRecordException(ErrorType.VALUE_OUT_OF_RANGE, "coordinates.longitude",
                    "longitude " + raw.longitude + " is outside [-180, 180]", "longitude is outside [-180, 180]");
        }
    }
}
