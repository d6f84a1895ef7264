package org.aqlake.job.model;

import java.util.Objects;

/**
 * A validated air-quality reading: one row of the readings table. A Flink POJO; nullable columns
 * use boxed types. The Parquet column of each field is given in {@code ReadingWriteSupport}.
 */
public class Reading {

    /** When the reading was measured, epoch milliseconds UTC. */
    public long eventTime;

    /** Canonical pollutant id, for example {@code pm25}. */
    public String parameter;

    public double value;

    /** Canonical unit label: {@code µg/m³}, {@code mg/m³}, {@code ppm} or {@code ppb}. */
    public String unit;

    public String location;
    public String city;
    public String country;
    public Double latitude;
    public Double longitude;
    public Double averagingPeriodValue;
    public String averagingPeriodUnit;
    public String sourceName;
    public String sourceType;
    public Boolean mobile;

    /** {@code sensorId} or {@code serialNumber} of a community device, when the producer sent one. */
    public String deviceId;

    // lineage
    public long arrivalTime;
    public String shardId;
    public String sequenceNumber;

    public Reading() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Reading)) {
            return false;
        }
        Reading r = (Reading) o;
        return eventTime == r.eventTime
                && Double.compare(value, r.value) == 0
                && arrivalTime == r.arrivalTime
                && Objects.equals(parameter, r.parameter)
                && Objects.equals(unit, r.unit)
                && Objects.equals(location, r.location)
                && Objects.equals(city, r.city)
                && Objects.equals(country, r.country)
                && Objects.equals(latitude, r.latitude)
                && Objects.equals(longitude, r.longitude)
                && Objects.equals(averagingPeriodValue, r.averagingPeriodValue)
                && Objects.equals(averagingPeriodUnit, r.averagingPeriodUnit)
                && Objects.equals(sourceName, r.sourceName)
                && Objects.equals(sourceType, r.sourceType)
                && Objects.equals(mobile, r.mobile)
                && Objects.equals(deviceId, r.deviceId)
                && Objects.equals(shardId, r.shardId)
                && Objects.equals(sequenceNumber, r.sequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventTime, parameter, value, location, shardId, sequenceNumber);
    }

    @Override
    public String toString() {
        return "Reading{" + parameter + "=" + value + " " + unit + " at " + location + " @" + eventTime
                + ", " + shardId + "/" + sequenceNumber + "}";
    }
}
