package org.aqlake.job.config;

import org.aqlake.job.sink.Compaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.aqlake.job.config.JobConfigTest.assertRejectedNaming;
import static org.aqlake.job.config.JobConfigTest.minimal;
import static org.aqlake.job.config.JobConfigTest.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

class CompactionConfigTest {

    static final long MIB = 1024 * 1024;

    @Test
    void compactionIsOnByDefaultEveryTenCheckpointsOrAHundredAndTwentyEightMegabytes() {
        Compaction c = JobConfig.from(minimal()).compaction;

        assertThat(c.isOn()).isTrue();
        assertThat(c.checkpoints()).isEqualTo(10);
        assertThat(c.targetBytes()).isEqualTo(128 * MIB);
    }

    @Test
    void theKeysSetTheFreshnessAndTheTargetSize() {
        Compaction c = JobConfig.from(minimalWith("lake.compaction.checkpoints", "1",
                "lake.compaction.target-size", "64 mb")).compaction;

        assertThat(c.checkpoints()).isEqualTo(1);
        assertThat(c.targetBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void switchedOffItIsTheExplicitOffValue() {
        assertThat(JobConfig.from(minimalWith("lake.compaction.enabled", "false")).compaction)
                .isSameAs(Compaction.off());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "often"})
    void aCheckpointCountBelowOneIsRejectedNamingItsKey(String checkpoints) {
        assertRejectedNaming(minimalWith("lake.compaction.checkpoints", checkpoints), "lake.compaction.checkpoints");
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "100 kb", "big"})
    void aTargetSizeUnderAMegabyteIsRejectedNamingItsKey(String size) {
        assertRejectedNaming(minimalWith("lake.compaction.target-size", size), "lake.compaction.target-size");
    }

    static final String LOCATION_TEMPLATE = "location=!{partitionKey:location}/year=!{timestamp:yyyy}/"
            + "month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

    @Test
    void withPartitionKeysInTheTemplateCompactionIsOffUnlessAskedFor() {
        assertThat(JobConfig.from(minimalWith("lake.partition-template", LOCATION_TEMPLATE)).compaction)
                .isSameAs(Compaction.off());
    }

    @Test
    void askedForWithPartitionKeysInTheTemplateItIsRejectedNamingBothKeys() {
        assertRejectedNaming(minimalWith("lake.partition-template", LOCATION_TEMPLATE, "lake.compaction.enabled",
                "true"), "lake.compaction.enabled");
        assertRejectedNaming(minimalWith("lake.partition-template", LOCATION_TEMPLATE, "lake.compaction.enabled",
                "true"), "lake.partition-template");
    }

    @Test
    void aBadFlagIsRejectedNamingItsKey() {
        assertRejectedNaming(minimalWith("lake.compaction.enabled", "sometimes"), "lake.compaction.enabled");
    }
}
