package org.aqlake.job.decode;

/**
 * The fields of one payload as the producer spelled them, before any rule is applied. OpenAQ's
 * realtime names and the Firehose data generator's names land in the same slots.
 */
final class RawReading {
    String utc;
    String parameter;
    Double value;
    String unit;
    String location;
    String city;
    String country;
    Double latitude;
    Double longitude;
    Double averagingPeriodValue;
    String averagingPeriodUnit;
    String sourceName;
    String sourceType;
    Boolean mobile;
    String deviceId;
}
