package io.chorus.loadgen.measure;

import io.chorus.client.ChorusConnectionException;
import io.chorus.client.ChorusErrorException;
import io.chorus.client.ChorusTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Failures counted by a short, low-cardinality reason (an error code, an HTTP status, an exception type). */
public final class FailureCounts {

    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void add(Throwable error) {
        add(reason(error));
    }

    public void add(String reason) {
        counts.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }

    /** Forgets every count (e.g. after a warm-up). */
    public void clear() {
        counts.clear();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    static String reason(Throwable error) {
        if (error instanceof ChorusErrorException chorus) {
            return chorus.code().code();
        }
        if (error instanceof ChorusTimeoutException timeout) {
            return "timeout:" + timeout.requestType();
        }
        if (error instanceof ChorusConnectionException connection) {
            if (connection.status() > 0) {
                return "status:" + connection.status();
            }
            Throwable root = connection;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root == connection
                    ? connection.getMessage()
                    : root.getClass().getSimpleName();
        }
        return error.getClass().getSimpleName();
    }
}
