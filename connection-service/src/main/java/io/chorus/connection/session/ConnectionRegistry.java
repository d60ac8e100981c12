package io.chorus.connection.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every open connection of this instance, and the {@code userId -> connections} index that personal
 * deliveries use (one entry per device). Also whether the instance still accepts new connections (not
 * while draining).
 */
public final class ConnectionRegistry {

    private static final Connection[] NONE = new Connection[0];

    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final Map<String, Connection[]> byUser = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean accepting = true;

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(Connection connection) {
        all.add(connection);
        byUser.compute(connection.user(), (user, current) -> {
            Connection[] existing = current == null ? NONE : current;
            Connection[] next = Arrays.copyOf(existing, existing.length + 1);
            next[existing.length] = connection;
            return next;
        });
    }

    void remove(Connection connection) {
        if (!all.remove(connection)) {
            return;
        }
        byUser.computeIfPresent(connection.user(), (user, current) -> {
            Connection[] next = Arrays.stream(current)
                    .filter(candidate -> candidate != connection)
                    .toArray(Connection[]::new);
            return next.length == 0 ? null : next;
        });
    }

    /** The connections (devices) of a user on this instance. */
    public Connection[] connectionsOf(String user) {
        Connection[] connections = byUser.get(user);
        return connections == null ? NONE : connections;
    }

    /** A snapshot of every open connection. */
    public List<Connection> all() {
        return new ArrayList<>(all);
    }

    /** Iterates over every open connection without copying. */
    public Iterable<Connection> live() {
        return all;
    }

    /** Every room with local viewers and their user ids (a user with several devices counts once). */
    public Map<String, List<String>> viewersByRoom() {
        Map<String, Set<String>> rooms = new java.util.HashMap<>();
        for (Connection connection : all) {
            for (String room : connection.rooms()) {
                rooms.computeIfAbsent(room, key -> new java.util.HashSet<>()).add(connection.user());
            }
        }
        Map<String, List<String>> viewers = new java.util.HashMap<>();
        rooms.forEach((room, users) -> viewers.put(room, List.copyOf(users)));
        return viewers;
    }

    public int size() {
        return all.size();
    }

    public int users() {
        return byUser.size();
    }

    public boolean accepting() {
        return accepting;
    }

    /** Stops accepting new connections: upgrades get 503 from now on. */
    public void stopAccepting() {
        accepting = false;
    }
}
