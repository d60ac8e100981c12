package io.chorus.loadgen.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a progress line at a fixed interval until closed. */
public final class Progress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final ScheduledExecutorService executor;

    private Progress(Duration interval, Supplier<String> line) {
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadgen-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleAtFixedRate(() -> log.info(line.get()), millis, millis, TimeUnit.MILLISECONDS);
    }

    public static Progress every(Duration interval, Supplier<String> line) {
        return new Progress(interval, line);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
