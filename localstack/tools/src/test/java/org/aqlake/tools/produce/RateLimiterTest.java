package org.aqlake.tools.produce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void recordsAreSpacedEvenlyAtTheRate() {
        RateLimiter limiter = new RateLimiter(4);

        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isEqualTo(SECOND / 4);
        assertThat(limiter.reserve(0)).isEqualTo(SECOND / 2);
        assertThat(limiter.reserve(SECOND)).isZero();
    }

    @Test
    void aProducerThatFellBehindCatchesUpByAtMostOneSecondsWorth() {
        RateLimiter limiter = new RateLimiter(10);
        limiter.reserve(0);

        long free = 0;
        while (limiter.reserve(60 * SECOND) == 0) {
            free++;
        }

        assertThat(free).isEqualTo(10);
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(0);

        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.reserve(0)).isZero();
        }
    }
}
