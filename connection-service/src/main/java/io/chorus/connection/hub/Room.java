package io.chorus.connection.hub;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local viewers of one room, grouped by the event loop that owns their channel, so a fan-out hands
 * each event loop one task. Mutated only under the hub shard's lock; read lock-free by the fan-out
 * (copy-on-write group array, concurrent member sets).
 */
final class Room {

    /**
     * The members of one room living on one event loop, with an array copy of them for the fan-out: built
     * by the first fan-out after a change (at most once per frame, on the broker's thread) and iterated by
     * the event loop without touching the concurrent set.
     */
    static final class LoopGroup {
        private final EventLoop loop;
        private final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
        private volatile int version; // bumped after every change, under the shard lock
        private volatile Snapshot snapshot;

        private record Snapshot(int version, Subscriber[] members) {}

        LoopGroup(EventLoop loop) {
            this.loop = loop;
        }

        EventLoop loop() {
            return loop;
        }

        Set<Subscriber> members() {
            return members;
        }

        /** The members now, as an array nobody changes: a copy made after the last change. */
        Subscriber[] snapshot() {
            int current = version;
            Snapshot known = snapshot;
            if (known != null && known.version == current) {
                return known.members;
            }
            // a change while copying bumps the version again, so the next fan-out copies again
            Subscriber[] copy = members.toArray(new Subscriber[0]);
            snapshot = new Snapshot(current, copy);
            return copy;
        }

        boolean add(Subscriber subscriber) {
            boolean added = members.add(subscriber);
            if (added) {
                version++; // writers hold the shard lock
            }
            return added;
        }

        boolean remove(Subscriber subscriber) {
            boolean removed = members.remove(subscriber);
            if (removed) {
                version++;
            }
            return removed;
        }
    }

    private final String id;
    private final CompletableFuture<Void> subscribed;
    private volatile LoopGroup[] groups = new LoopGroup[0];
    private volatile int size;
    private long idleSince; // System.nanoTime() of the last leave that emptied it; shard lock

    Room(String id, CompletableFuture<Void> subscribed) {
        this.id = id;
        this.subscribed = subscribed;
    }

    String id() {
        return id;
    }

    CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    int size() {
        return size;
    }

    /** Emptied at {@code nanos}. Caller holds the shard lock. */
    void markIdle(long nanos) {
        idleSince = nanos;
    }

    /**
     * Whether the leave that last emptied it was the one at {@code nanos} (not rejoined and emptied again
     * since). Caller holds the shard lock and has checked that it is empty.
     */
    boolean idleSince(long nanos) {
        return idleSince == nanos;
    }

    LoopGroup[] groups() {
        return groups;
    }

    /** Adds a member; false if it was already one. Caller holds the shard lock. */
    boolean add(Subscriber subscriber) {
        LoopGroup group = groupOf(subscriber.eventLoop());
        if (group == null) {
            group = new LoopGroup(subscriber.eventLoop());
            LoopGroup[] current = groups;
            LoopGroup[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = group;
            groups = next;
        }
        if (!group.add(subscriber)) {
            return false;
        }
        size++;
        return true;
    }

    /** Removes a member; false if it was not one. Caller holds the shard lock. */
    boolean remove(Subscriber subscriber) {
        LoopGroup group = groupOf(subscriber.eventLoop());
        if (group == null || !group.remove(subscriber)) {
            return false;
        }
        size--;
        return true;
    }

    /** A snapshot of every member. */
    List<Subscriber> members() {
        List<Subscriber> all = new ArrayList<>(size);
        for (LoopGroup group : groups) {
            all.addAll(group.members());
        }
        return all;
    }

    private LoopGroup groupOf(EventLoop loop) {
        for (LoopGroup group : groups) {
            if (group.loop() == loop) {
                return group;
            }
        }
        return null;
    }
}
