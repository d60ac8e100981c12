package io.chorus.loadgen.measure;

/**
 * An open-loop rate: how many operations are due by a point in time, so that the load does not slow
 * down when the system under test does (no coordinated omission). After a stall the due count catches
 * up, at most {@code maxBurst} at once; what is dropped beyond it is counted as {@link #skipped()}.
 */
public final class Pacer {

    private final long startNanos;
    private final double perSecond;
    private final long maxBurst;
    private long issued;
    private long skipped;

    public Pacer(double perSecond, long startNanos, long maxBurst) {
        if (perSecond <= 0 || maxBurst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perSecond = perSecond;
        this.startNanos = startNanos;
        this.maxBurst = maxBurst;
    }

    /** The default burst: a tenth of a second's worth, at least one. */
    public static Pacer of(double perSecond, long startNanos) {
        return new Pacer(perSecond, startNanos, Math.max(1, (long) (perSecond / 10)));
    }

    /** Operations due now and not issued yet; the caller issues them. */
    public long due(long nowNanos) {
        long target = (long) ((nowNanos - startNanos) / 1e9 * perSecond);
        long due = target - issued - skipped;
        if (due <= 0) {
            return 0;
        }
        if (due > maxBurst) {
            skipped += due - maxBurst;
            due = maxBurst;
        }
        issued += due;
        return due;
    }

    public long issued() {
        return issued;
    }

    /** Operations that fell due during stalls and were not caught up with. */
    public long skipped() {
        return skipped;
    }

    public double perSecond() {
        return perSecond;
    }
}
