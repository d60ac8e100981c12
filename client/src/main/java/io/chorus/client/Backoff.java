package io.chorus.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays. After a close, the close code's rule ({@link io.chorus.protocol.CloseCode#reconnect()})
 * picks one of these:
 *
 * <ul>
 *   <li>{@code SOON} (1001 going away, 4002 idle timeout): a random delay in {@code [0, soonWindow]}, so
 *       that the viewers of a draining instance do not all come back in the same millisecond;
 *   <li>{@code BACKOFF} (1011, 1013, 1009, and a connection lost without a close frame): exponential, from
 *       {@code initial} growing by {@code multiplier} per attempt up to {@code max}, with jitter;
 *   <li>1008 policy violation: the exponential delay, but never less than {@code policyFloor} (30 s);
 *   <li>{@code NEW_TOKEN} (4001): at once with a fresh token.
 * </ul>
 *
 * A reconnect that fails escalates to the exponential delay of the next attempt. The attempt count starts
 * over once a session stayed open for {@code resetAfter}.
 */
public final class Backoff {

    private static final Backoff DEFAULTS = new Backoff(
            true,
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            2.0,
            0.5,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Integer.MAX_VALUE);

    private final boolean enabled;
    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final Duration soonWindow;
    private final Duration policyFloor;
    private final Duration resetAfter;
    private final int maxAttempts;

    private Backoff(
            boolean enabled,
            Duration initial,
            Duration max,
            double multiplier,
            double jitter,
            Duration soonWindow,
            Duration policyFloor,
            Duration resetAfter,
            int maxAttempts) {
        if (multiplier < 1.0 || jitter < 0.0 || jitter > 1.0 || maxAttempts < 1) {
            throw new IllegalArgumentException("multiplier >= 1, jitter in [0, 1], maxAttempts >= 1");
        }
        this.enabled = enabled;
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.soonWindow = soonWindow;
        this.policyFloor = policyFloor;
        this.resetAfter = resetAfter;
        this.maxAttempts = maxAttempts;
    }

    /** 1 s doubling up to 60 s, 50% jitter, {@code SOON} within 5 s, 1008 after at least 30 s. */
    public static Backoff defaults() {
        return DEFAULTS;
    }

    /** The defaults with another exponential range. */
    public static Backoff exponential(Duration initial, Duration max) {
        return DEFAULTS.withExponential(initial, max);
    }

    /** Never reconnect. */
    public static Backoff disabled() {
        return DEFAULTS.copy(false, DEFAULTS.initial, DEFAULTS.max, DEFAULTS.soonWindow, DEFAULTS.policyFloor);
    }

    public Backoff withExponential(Duration initial, Duration max) {
        return copy(enabled, initial, max, soonWindow, policyFloor);
    }

    public Backoff withSoonWindow(Duration soonWindow) {
        return copy(enabled, initial, max, soonWindow, policyFloor);
    }

    public Backoff withPolicyFloor(Duration policyFloor) {
        return copy(enabled, initial, max, soonWindow, policyFloor);
    }

    public Backoff withMultiplier(double multiplier) {
        return new Backoff(enabled, initial, max, multiplier, jitter, soonWindow, policyFloor, resetAfter, maxAttempts);
    }

    /** The random part of an exponential delay: 0.5 draws it from [delay/2, delay]. */
    public Backoff withJitter(double jitter) {
        return new Backoff(enabled, initial, max, multiplier, jitter, soonWindow, policyFloor, resetAfter, maxAttempts);
    }

    public Backoff withResetAfter(Duration resetAfter) {
        return new Backoff(enabled, initial, max, multiplier, jitter, soonWindow, policyFloor, resetAfter, maxAttempts);
    }

    /** Give up (state {@link ConnectionState#CLOSED}) after this many failed attempts in a row. */
    public Backoff withMaxAttempts(int maxAttempts) {
        return new Backoff(enabled, initial, max, multiplier, jitter, soonWindow, policyFloor, resetAfter, maxAttempts);
    }

    private Backoff copy(boolean enabled, Duration initial, Duration max, Duration soonWindow, Duration floor) {
        return new Backoff(enabled, initial, max, multiplier, jitter, soonWindow, floor, resetAfter, maxAttempts);
    }

    /** The exponential delay before attempt {@code attempt} (1-based), jittered. */
    public Duration exponentialDelay(int attempt) {
        double raw = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(raw, max.toNanos());
        double low = capped * (1.0 - jitter);
        return Duration.ofNanos((long) (low + ThreadLocalRandom.current().nextDouble() * (capped - low)));
    }

    /** A random delay in {@code [0, soonWindow]}. */
    public Duration soonDelay() {
        long window = soonWindow.toNanos();
        return Duration.ofNanos(window == 0 ? 0 : ThreadLocalRandom.current().nextLong(window + 1));
    }

    /** The exponential delay, at least {@link #policyFloor()}. */
    public Duration policyDelay(int attempt) {
        Duration delay = exponentialDelay(attempt);
        return delay.compareTo(policyFloor) < 0 ? policyFloor : delay;
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration policyFloor() {
        return policyFloor;
    }

    public Duration resetAfter() {
        return resetAfter;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
