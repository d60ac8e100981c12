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

    /** The members of one room living on one event loop. */
    record LoopGroup(EventLoop loop, Set<Subscriber> members) {}

    private final String id;
    private final CompletableFuture<Void> subscribed;
    private volatile LoopGroup[] groups = new LoopGroup[0];
    private volatile int size;

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

    LoopGroup[] groups() {
        return groups;
    }

    /** Adds a member; false if it was already one. Caller holds the shard lock. */
    boolean add(Subscriber subscriber) {
        LoopGroup group = groupOf(subscriber.eventLoop());
        if (group == null) {
            group = new LoopGroup(subscriber.eventLoop(), ConcurrentHashMap.newKeySet());
            LoopGroup[] current = groups;
            LoopGroup[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = group;
            groups = next;
        }
        if (!group.members().add(subscriber)) {
            return false;
        }
        size++;
        return true;
    }

    /** Removes a member; false if it was not one. Caller holds the shard lock. */
    boolean remove(Subscriber subscriber) {
        LoopGroup group = groupOf(subscriber.eventLoop());
        if (group == null || !group.members().remove(subscriber)) {
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
