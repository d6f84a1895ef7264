package org.aqlake.job.sink;

import org.apache.parquet.io.api.Binary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedStringsTest {

    @Test
    void aRecurringInstanceIsEncodedOnceAndEveryStringToItsOwnUtf8() {
        EncodedStrings cache = new EncodedStrings();
        String unit = "µg/m³";

        Binary first = cache.of(unit);

        assertThat(cache.of(unit)).isSameAs(first);
        assertThat(first).isEqualTo(Binary.fromString("µg/m³"));
        assertThat(cache.of(new String("ppm"))).isEqualTo(Binary.fromString("ppm"));
        for (int i = 0; i < 40; i++) { // more distinct strings than it keeps: each still encodes to itself
            assertThat(cache.of("shardId-" + i).toStringUsingUTF8()).isEqualTo("shardId-" + i);
        }
        assertThat(cache.of(unit)).isEqualTo(first);
        assertThat(cache.of(null)).isNull();
    }
}
