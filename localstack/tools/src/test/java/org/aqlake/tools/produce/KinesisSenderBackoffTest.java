package org.aqlake.tools.produce;

import org.junit.jupiter.api.RepeatedTest;

import software.amazon.awssdk.core.retry.RetryPolicyContext;
import software.amazon.awssdk.core.retry.backoff.BackoffStrategy;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisSenderBackoffTest {

    /** The outage a local run must ride out: its Kinesis endpoint unreachable for a minute. */
    static final Duration OUTAGE = Duration.ofSeconds(60);

    /** Repeated: the waits are jittered, and every draw must hold. */
    @RepeatedTest(20)
    void theDefaultRetriesOutlastAMinuteLongOutageWithNoWaitLongerThanTheCap() {
        BackoffStrategy backoff = KinesisSender.defaultBackoff();
        Duration total = Duration.ZERO;
        for (int retry = 0; retry < KinesisSender.DEFAULT_MAX_ATTEMPTS - 1; retry++) {
            Duration d = backoff.computeDelayBeforeNextRetry(RetryPolicyContext.builder().retriesAttempted(retry).build());
            assertThat(d).isLessThanOrEqualTo(KinesisSender.MAX_BACKOFF);
            total = total.plus(d);
        }
        assertThat(total).isGreaterThan(OUTAGE);
    }

    @RepeatedTest(20)
    void theFirstRetryComesQuicklySoThatAThrottledEntryIsNotHeldBack() {
        Duration first = KinesisSender.defaultBackoff()
                .computeDelayBeforeNextRetry(RetryPolicyContext.builder().retriesAttempted(0).build());

        assertThat(first).isLessThanOrEqualTo(KinesisSender.BASE_BACKOFF);
    }
}
