package io.chorus.client;

import io.chorus.protocol.CloseCode;
import java.time.Duration;

/** Turns how a session ended into what to do next, following the close code's reconnect rule. */
final class ReconnectPolicy {

    /** A connection lost without a close frame. */
    static final int ABNORMAL_CLOSURE = 1006;

    private final Backoff backoff;

    ReconnectPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * What to do after a session closed with {@code status}.
     *
     * @param attempt the reconnect attempt about to be made, 1-based
     */
    ReconnectDecision afterClose(int status, int attempt) {
        if (!backoff.enabled() || attempt > backoff.maxAttempts()) {
            return ReconnectDecision.STOP;
        }
        CloseCode code = CloseCode.of(status);
        if (code == null) {
            return ReconnectDecision.after(backoff.exponentialDelay(attempt));
        }
        return switch (code.reconnect()) {
            case NO -> ReconnectDecision.STOP;
            case SOON ->
                ReconnectDecision.after(attempt == 1 ? backoff.soonDelay() : backoff.exponentialDelay(attempt));
            case NEW_TOKEN ->
                ReconnectDecision.withNewToken(attempt == 1 ? Duration.ZERO : backoff.exponentialDelay(attempt));
            case BACKOFF ->
                ReconnectDecision.after(
                        code == CloseCode.POLICY_VIOLATION
                                ? backoff.policyDelay(attempt)
                                : backoff.exponentialDelay(attempt));
        };
    }

    /**
     * What to do after a reconnect attempt failed before a session opened.
     *
     * @param unauthorized the handshake was refused with 401
     * @param canRefreshToken a token provider is configured
     * @param attempt the next attempt, 1-based
     */
    ReconnectDecision afterFailedAttempt(boolean unauthorized, boolean canRefreshToken, int attempt) {
        if (!backoff.enabled() || attempt > backoff.maxAttempts() || (unauthorized && !canRefreshToken)) {
            return ReconnectDecision.STOP;
        }
        Duration delay = backoff.exponentialDelay(attempt);
        return unauthorized ? ReconnectDecision.withNewToken(delay) : ReconnectDecision.after(delay);
    }

    Backoff backoff() {
        return backoff;
    }

    /**
     * @param reconnect whether to open a new session
     * @param delay how long to wait first
     * @param newToken whether to ask the token provider for a fresh token first
     */
    record ReconnectDecision(boolean reconnect, Duration delay, boolean newToken) {

        static final ReconnectDecision STOP = new ReconnectDecision(false, Duration.ZERO, false);

        static ReconnectDecision after(Duration delay) {
            return new ReconnectDecision(true, delay, false);
        }

        static ReconnectDecision withNewToken(Duration delay) {
            return new ReconnectDecision(true, delay, true);
        }
    }
}
