package org.aqlake.job.model;

import java.util.Objects;

/**
 * One consent registry record, STEDI customer-shaped, reduced to the three fields the consent rule
 * needs. Names, emails, phone numbers and birthdays are never read into it, so they cannot travel any
 * further than the parser. A Flink POJO.
 */
public class ConsentRecord {

    /** The device the consent is about; readings carry it as {@code serialNumber} or {@code sensorId}. */
    public String serialNumber;

    /** When consent starts, epoch ms; null when the record gives no consent (the key was absent). */
    public Long shareWithResearchAsOfDate;

    /** When the record was written, epoch ms: a later record replaces an earlier one. Its event time. */
    public long lastUpdateDate;

    public ConsentRecord() {}

    public ConsentRecord(String serialNumber, Long shareWithResearchAsOfDate, long lastUpdateDate) {
        this.serialNumber = serialNumber;
        this.shareWithResearchAsOfDate = shareWithResearchAsOfDate;
        this.lastUpdateDate = lastUpdateDate;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConsentRecord)) {
            return false;
        }
        ConsentRecord c = (ConsentRecord) o;
        return lastUpdateDate == c.lastUpdateDate && Objects.equals(serialNumber, c.serialNumber)
                && Objects.equals(shareWithResearchAsOfDate, c.shareWithResearchAsOfDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serialNumber, shareWithResearchAsOfDate, lastUpdateDate);
    }

    @Override
    public String toString() {
        return "ConsentRecord{" + serialNumber + ", research from " + shareWithResearchAsOfDate + ", updated "
                + lastUpdateDate + "}";
    }
}
