package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.client.ReconnectPolicy.ReconnectDecision;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTests {

    private final ReconnectPolicy policy = new ReconnectPolicy(Backoff.defaults());

    @Test
    void normalClosureStops() {
        assertThat(policy.afterClose(1000, 1).reconnect()).isFalse();
    }

    @RepeatedTest(20)
    void goingAwayAndIdleTimeoutReconnectWithinTheSoonWindow() {
        for (int code : new int[] {1001, 4002}) {
            ReconnectDecision decision = policy.afterClose(code, 1);
            assertThat(decision.reconnect()).isTrue();
            assertThat(decision.newToken()).isFalse();
            assertThat(decision.delay()).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    @RepeatedTest(20)
    void tryAgainLaterBacksOffExponentiallyWithJitterUpToTheMaximum() {
        assertThat(policy.afterClose(1013, 1).delay()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(policy.afterClose(1013, 2).delay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(policy.afterClose(1013, 4).delay()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(policy.afterClose(1013, 30).delay()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @RepeatedTest(20)
    void policyViolationWaitsAtLeastThirtySeconds() {
        ReconnectDecision decision = policy.afterClose(1008, 1);

        assertThat(decision.reconnect()).isTrue();
        assertThat(decision.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void tokenExpiredReconnectsAtOnceWithANewToken() {
        ReconnectDecision decision = policy.afterClose(4001, 1);

        assertThat(decision.reconnect()).isTrue();
        assertThat(decision.newToken()).isTrue();
        assertThat(decision.delay()).isZero();
    }

    @RepeatedTest(10)
    void aConnectionLostWithoutCloseFrameBacksOff() {
        ReconnectDecision decision = policy.afterClose(ReconnectPolicy.ABNORMAL_CLOSURE, 3);

        assertThat(decision.reconnect()).isTrue();
        assertThat(decision.delay()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aSoonReconnectThatFailsEscalatesToBackoff() {
        assertThat(policy.afterClose(1001, 3).delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusedWithUnauthorizedNeedsATokenProvider() {
        assertThat(policy.afterFailedAttempt(true, false, 1).reconnect()).isFalse();
        ReconnectDecision withProvider = policy.afterFailedAttempt(true, true, 1);
        assertThat(withProvider.reconnect()).isTrue();
        assertThat(withProvider.newToken()).isTrue();
        assertThat(policy.afterFailedAttempt(false, false, 2).newToken()).isFalse();
    }

    @Test
    void disabledBackoffOrTooManyAttemptsStop() {
        assertThat(new ReconnectPolicy(Backoff.disabled()).afterClose(1001, 1).reconnect())
                .isFalse();
        ReconnectPolicy limited = new ReconnectPolicy(Backoff.defaults().withMaxAttempts(3));
        assertThat(limited.afterClose(1013, 3).reconnect()).isTrue();
        assertThat(limited.afterClose(1013, 4).reconnect()).isFalse();
        assertThat(limited.afterFailedAttempt(false, false, 4).reconnect()).isFalse();
    }
}
