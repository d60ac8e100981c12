package io.chorus.e2e.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long this JVM's threads were kept from running (a thread that sleeps 10 ms at a time and records by how
 * much it overslept): on a starved machine, frames that arrived during a stall are read in one burst afterwards.
 */
public final class StallProbe implements AutoCloseable {

    private final AtomicLong maxStallNanos = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public StallProbe() {
        thread = new Thread(
                () -> {
                    while (running) {
                        long before = System.nanoTime();
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long overslept = System.nanoTime() - before - 10_000_000L;
                        maxStallNanos.accumulateAndGet(overslept, Math::max);
                    }
                },
                "e2e-stall-probe");
        thread.setDaemon(true);
        thread.start();
    }

    public long maxStallMillis() {
        return maxStallNanos.get() / 1_000_000;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
