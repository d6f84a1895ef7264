package org.aqlake.job.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.InstantiationUtil;

import org.aqlake.job.model.Aggregate;
import org.aqlake.job.model.DeadLetter;
import org.aqlake.job.model.ErrorType;
import org.aqlake.job.model.KinesisRecord;
import org.aqlake.job.model.Reading;
import org.aqlake.udfs.partition.PartitionTemplate;
import org.aqlake.udfs.partition.PartitionValues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket assigners ignore their {@code Context} (the operator's clock and watermark): a partition
 * is a function of the record alone, so the tests pass {@code null} for it. Were an assigner to start
 * reading the processing time, these tests would fail loudly instead of passing by accident.
 */
class BucketAssignersTest {

    /** Measured late on April 30th... */
    static final long EVENT_TIME = Instant.parse("2024-04-30T23:59:59.999Z").toEpochMilli();
    /** ...and arrived in the first hour of May 1st: the two times fall in different partitions. */
    static final long ARRIVAL_TIME = Instant.parse("2024-05-01T00:00:00.500Z").toEpochMilli();

    static final String PARAMETER_TEMPLATE =
            "parameter=!{partitionKey:parameter}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

    static final PartitionTemplate DEFAULT = PartitionTemplate.compile(PartitionTemplate.DEFAULT_TEMPLATE,
            ReadingColumns.PARTITION_KEYS);

    static Reading reading() {
        Reading r = new Reading();
        r.eventTime = EVENT_TIME;
        r.arrivalTime = ARRIVAL_TIME;
        r.parameter = "pm25";
        r.value = 12.5;
        r.unit = "µg/m³";
        r.city = "Beijing";
        r.country = "CN";
        r.shardId = "shardId-000000000000";
        r.sequenceNumber = "1";
        return r;
    }

    static KinesisRecord record() {
        return new KinesisRecord(new byte[] {'{', '}'}, "aq-readings", "shardId-000000000000", "1", "pk",
                ARRIVAL_TIME);
    }

    @Test
    void byEventTimeAReadingLandsInTheHourItWasMeasured() {
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(DEFAULT, PartitionTime.EVENT);

        assertThat(assigner.getBucketId(reading(), null)).isEqualTo("year=2024/month=04/day=30/hour=23");
    }

    @Test
    void byArrivalTimeAReadingLandsInTheHourItArrivedAsFirehoseWouldPutIt() {
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(DEFAULT, PartitionTime.ARRIVAL);

        assertThat(assigner.getBucketId(reading(), null)).isEqualTo("year=2024/month=05/day=01/hour=00");
    }

    @Test
    void aPartitionKeyTemplatePutsTheColumnValueIntoThePath() {
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(
                PartitionTemplate.compile(PARAMETER_TEMPLATE, ReadingColumns.PARTITION_KEYS), PartitionTime.EVENT);

        assertThat(assigner.getBucketId(reading(), null)).isEqualTo("parameter=pm25/year=2024/month=04/day=30");
    }

    @Test
    void aNullColumnRendersAsHivesDefaultPartition() {
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(PartitionTemplate.compile(
                "city=!{partitionKey:city}/device=!{partitionKey:device_id}/", ReadingColumns.PARTITION_KEYS),
                PartitionTime.EVENT);

        // the reading has a city but no device id
        assertThat(assigner.getBucketId(reading(), null))
                .isEqualTo("city=Beijing/device=" + PartitionValues.NULL_PARTITION)
                .isEqualTo("city=Beijing/device=__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void aColumnValueWithASlashIsEscapedAndCannotOpenAnotherFolder() {
        Reading r = reading();
        r.location = "Anand Vihar/Delhi";
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(PartitionTemplate.compile(
                "location=!{partitionKey:location}/", ReadingColumns.PARTITION_KEYS), PartitionTime.EVENT);

        assertThat(assigner.getBucketId(r, null)).isEqualTo("location=Anand Vihar%2FDelhi");
    }

    @Test
    void everyReadingColumnAllowedAsAPartitionKeyResolvesToItsValue() {
        Reading r = reading();
        r.location = "Tsinghua";
        r.sourceName = "Spartan";
        r.sourceType = "research";
        r.deviceId = "SN-42";
        String template = "!{partitionKey:parameter}/!{partitionKey:unit}/!{partitionKey:location}/"
                + "!{partitionKey:city}/!{partitionKey:country}/!{partitionKey:source_name}/"
                + "!{partitionKey:source_type}/!{partitionKey:device_id}/";
        PartitionBucketAssigner<Reading> assigner = LakeBuckets.readings(
                PartitionTemplate.compile(template, ReadingColumns.PARTITION_KEYS), PartitionTime.EVENT);

        assertThat(assigner.getBucketId(r, null).split("/"))
                .containsExactly("pm25", "µg%2Fm³", "Tsinghua", "Beijing", "CN", "Spartan",
                        "research", "SN-42");
    }

    @Test
    void aDeadLetterGoesToItsErrorTypeAndArrivalDay() {
        DeadLetter d = DeadLetter.of(record(), ErrorType.JSON_PARSE_FAILED, null, "malformed JSON");

        assertThat(LakeBuckets.deadLetters().getBucketId(d, null)).isEqualTo("error=json-parse-failed/2024/05/01");
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void everyErrorTypeHasItsOwnFolder(ErrorType type) {
        DeadLetter d = DeadLetter.of(record(), type, null, "reason");

        assertThat(LakeBuckets.deadLetters().getBucketId(d, null)).isEqualTo("error=" + type.id() + "/2024/05/01");
    }

    @Test
    void theRawArchiveIsPartitionedByArrivalTime() {
        PartitionBucketAssigner<KinesisRecord> assigner =
                LakeBuckets.raw(PartitionTemplate.timeOnly(PartitionTemplate.DEFAULT_TEMPLATE));

        assertThat(assigner.getBucketId(record(), null)).isEqualTo("year=2024/month=05/day=01/hour=00");
    }

    @Test
    void theRawArchiveFollowsACustomTimeTemplate() {
        PartitionBucketAssigner<KinesisRecord> assigner =
                LakeBuckets.raw(PartitionTemplate.timeOnly("dt=!{timestamp:yyyy-MM-dd}/"));

        assertThat(assigner.getBucketId(record(), null)).isEqualTo("dt=2024-05-01");
    }

    @Test
    void bucketIdsSurviveTheSerializerTheSinkCheckpointsThemWith() throws IOException {
        // the sink stores in-progress bucket ids in its state; a non-ASCII id must come back unchanged
        String bucket = "parameter=pm25/unit=µg%2Fm³";
        SimpleVersionedSerializer<String> serializer = LakeBuckets.readings(DEFAULT, PartitionTime.EVENT)
                .getSerializer();

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(bucket))).isEqualTo(bucket);
        assertThat(LakeBuckets.deadLetters().getSerializer()).isSameAs(serializer);
        assertThat(LakeBuckets.raw(DEFAULT).getSerializer()).isSameAs(serializer);
    }

    @Test
    void everyTablesAssignerStillPartitionsAfterTheJavaSerializationThatShipsItToTheTaskManagers() throws Exception {
        Aggregate a = new Aggregate();
        a.windowStart = EVENT_TIME;
        a.parameter = "pm25";
        DeadLetter d = DeadLetter.of(record(), ErrorType.JSON_PARSE_FAILED, null, "malformed JSON");
        PartitionTemplate byParameter = PartitionTemplate.compile(PARAMETER_TEMPLATE, ReadingColumns.PARTITION_KEYS);

        assertThat(InstantiationUtil.clone(LakeBuckets.readings(byParameter, PartitionTime.ARRIVAL))
                .getBucketId(reading(), null)).isEqualTo("parameter=pm25/year=2024/month=05/day=01");
        assertThat(InstantiationUtil.clone(LakeBuckets.aggregates(byParameter)).getBucketId(a, null))
                .isEqualTo("parameter=pm25/year=2024/month=04/day=30");
        assertThat(InstantiationUtil.clone(LakeBuckets.deadLetters()).getBucketId(d, null))
                .isEqualTo("error=json-parse-failed/2024/05/01");
        assertThat(InstantiationUtil.clone(LakeBuckets.raw(DEFAULT)).getBucketId(record(), null))
                .isEqualTo("year=2024/month=05/day=01/hour=00");
    }
}
