package org.aqlake.job.reliability;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault suite's count tells a lost row, a duplicate and a stray row apart, and calls only a clean table exact. */
class LakeCountTest {

    @Test
    void aTableWithALostADuplicatedAndAnUnexpectedRowIsNotExact() {
        LakeCount.Table t = new LakeCount.Table("readings", Set.of("a", "b", "c"),
                Map.of("a", 1L, "b", 3L, "x", 1L));

        assertThat(t.expected).isEqualTo(3);
        assertThat(t.found).isEqualTo(5);
        assertThat(t.lost).isEqualTo(1);
        assertThat(t.duplicated).isEqualTo(2);
        assertThat(t.unexpected).isEqualTo(1);
        assertThat(t.exact()).isFalse();
        assertThat(t.examples).containsExactly("3x b", "lost c", "unexpected x");
    }

    @Test
    void aTableWithEveryRowOnceIsExact() {
        LakeCount.Table t = new LakeCount.Table("raw archive", Set.of("a", "b"), Map.of("a", 1L, "b", 1L));

        assertThat(t.exact()).isTrue();
        assertThat(t.lost + t.duplicated + t.unexpected).isZero();
    }

    @Test
    void theInjectedKinesisErrorBodyIsACborMapOfItsTypeAndMessage() {
        byte[] body = FaultProxy.cborErrorBody("ExpiredIteratorException", "m");

        // map of 2; text(6) "__type"; text(24) needs the one-byte length form 0x78
        assertThat(body[0] & 0xff).isEqualTo(0xa2);
        assertThat(body[1] & 0xff).isEqualTo(0x66);
        assertThat(new String(body, 2, 6, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("__type");
        assertThat(body[8] & 0xff).isEqualTo(0x78);
        assertThat(body[9]).isEqualTo((byte) "ExpiredIteratorException".length());
        assertThat(body).hasSize(1 + 7 + 2 + 24 + 8 + 2);
    }
}
