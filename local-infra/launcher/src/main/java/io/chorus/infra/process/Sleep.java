package io.chorus.infra.process;

/** Sleeping that keeps the interrupt flag instead of forcing checked exceptions on every polling loop. */
public final class Sleep {

    private Sleep() {}

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
