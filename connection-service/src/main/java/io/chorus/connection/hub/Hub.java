package io.chorus.connection.hub;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.metrics.ConnectionMetrics.DropReason;
import io.chorus.connection.metrics.ConnectionMetrics.Source;
import io.chorus.connection.route.RouteIndex;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local fan-out of one instance: a sharded {@code roomId -> local viewers} map. The first local viewer
 * of a room subscribes the instance to the room's channel and registers it in the route index; once the last
 * one has left, the room stays subscribed for the unsubscribe grace ({@code route.unsubscribe-grace}) and is
 * then unsubscribed and deregistered by {@link #sweepIdle()}, unless a viewer came back meanwhile: a room
 * whose viewers come and go (a viewer reloading the page, a small room flapping between zero and one viewer
 * here) costs no SUBSCRIBE / UNSUBSCRIBE pair and no route index write per flap, and its next joiner waits
 * for no subscription. With a zero grace the last leave unsubscribes at once. Both transitions happen under
 * the shard's lock, so a join racing a leave can never leave a room unsubscribed with viewers.
 *
 * <p>A frame from the broker is classified once, copied once into a direct buffer, and the same bytes go to
 * every local viewer through one task per event loop ({@link LoopOutbox}). Low-priority chatter passes two
 * Resilience4j guards first: a rate limiter (the instance's delivery budget) and a bulkhead (fan-out tasks
 * waiting for the event loops); when either says no, the chatter is shed. High-priority frames bypass both.
 */
public final class Hub {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final int SHARDS = 64;

    private final Shard[] shards = new Shard[SHARDS];
    private final Broker broker;
    private final RouteIndex routes;
    private final FrameClassifier classifier;
    private final ConnectionMetrics metrics;
    private final RateLimiter budget;
    private final Bulkhead backlog;
    private final ByteBufAllocator allocator;
    private final Map<EventLoop, LoopOutbox> outboxes = new ConcurrentHashMap<>();
    private final long graceNanos;
    private final LongSupplier nanoClock;
    /** Rooms whose last viewer left, oldest first (the grace is the same for all). */
    private final Queue<Idle> idle = new ConcurrentLinkedQueue<>();

    /** A room that became empty at {@code since}. */
    private record Idle(Room room, long since) {}

    /** {@code unsubscribeGrace} zero: the last leave unsubscribes at once. */
    public Hub(
            Broker broker,
            RouteIndex routes,
            FrameClassifier classifier,
            ConnectionMetrics metrics,
            RateLimiter budget,
            Bulkhead backlog,
            ByteBufAllocator allocator,
            Duration unsubscribeGrace,
            LongSupplier nanoClock) {
        this.graceNanos = unsubscribeGrace.toNanos();
        this.nanoClock = nanoClock;
        this.broker = broker;
        this.routes = routes;
        this.classifier = classifier;
        this.metrics = metrics;
        this.budget = budget;
        this.backlog = backlog;
        this.allocator = allocator;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    /**
     * Adds a local viewer. The future completes when the room's subscription is active and this instance is
     * in the room's route entry (at once for every joiner but the first).
     */
    public CompletableFuture<Void> join(String room, Subscriber subscriber) {
        Shard shard = shard(room);
        synchronized (shard) {
            Room current = shard.rooms.get(room);
            if (current == null) {
                CompletableFuture<Void> subscribed = broker.subscribe(room);
                current = new Room(room, CompletableFuture.allOf(subscribed, routes.roomActive(room)));
                shard.rooms.put(room, current);
                shard.live++;
            } else if (current.size() == 0) { // back from its grace
                shard.idle--;
                shard.live++;
            }
            if (current.add(subscriber)) {
                metrics.joined();
            }
            return current.subscribed();
        }
    }

    /** Removes a local viewer; returns whether it was one. */
    public boolean leave(String room, Subscriber subscriber) {
        return leave(room, subscriber, graceNanos > 0);
    }

    private boolean leave(String room, Subscriber subscriber, boolean linger) {
        Shard shard = shard(room);
        synchronized (shard) {
            Room current = shard.rooms.get(room);
            if (current == null || !current.remove(subscriber)) {
                return false;
            }
            metrics.left();
            if (current.size() == 0) {
                shard.live--;
                if (linger) {
                    long now = nanoClock.getAsLong();
                    current.markIdle(now);
                    idle.add(new Idle(current, now));
                    shard.idle++;
                } else {
                    drop(shard, current);
                }
            }
            return true;
        }
    }

    /**
     * Unsubscribes and deregisters the rooms whose last viewer left at least the grace ago and that nobody
     * joined since; returns how many. Called periodically ({@link IdleRoomSweeper}).
     */
    public int sweepIdle() {
        long now = nanoClock.getAsLong();
        int dropped = 0;
        Idle next;
        while ((next = idle.peek()) != null && now - next.since() >= graceNanos) {
            idle.poll();
            Room room = next.room();
            Shard shard = shard(room.id());
            synchronized (shard) {
                // still the same empty room, idle since that same leave (not rejoined and left again since)
                if (shard.rooms.get(room.id()) == room && room.size() == 0 && room.idleSince(next.since())) {
                    shard.idle--;
                    drop(shard, room);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Rooms without local viewers still subscribed, waiting out their grace. */
    public int idleRooms() {
        int count = 0;
        for (Shard shard : shards) {
            count += shard.idle;
        }
        return count;
    }

    /** Caller holds the shard's lock. */
    private void drop(Shard shard, Room room) {
        shard.rooms.remove(room.id());
        broker.unsubscribe(room.id());
        routes.roomInactive(room.id());
    }

    /** Local viewers of a room (0 when none). */
    public int viewers(String room) {
        Room current = shard(room).rooms.get(room);
        return current == null ? 0 : current.size();
    }

    /** Rooms with local viewers. */
    public int roomCount() {
        int count = 0;
        for (Shard shard : shards) {
            count += shard.live;
        }
        return count;
    }

    /** The {@code limit} rooms with the most local viewers, largest first. */
    public List<RoomViewers> largestRooms(int limit) {
        List<RoomViewers> all = new ArrayList<>();
        for (Shard shard : shards) {
            for (Room room : shard.rooms.values()) {
                if (room.size() > 0) {
                    all.add(new RoomViewers(room.id(), room.size()));
                }
            }
        }
        all.sort(Comparator.comparingInt(RoomViewers::viewers).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    /** A room and its local viewer count. */
    public record RoomViewers(String room, int viewers) {}

    /** Fans a frame published into a room out to its local viewers; called on the broker's I/O thread. */
    public void onRoomMessage(String room, byte[] payload) {
        long received = System.nanoTime();
        Room current = shard(room).rooms.get(room);
        if (current == null || current.size() == 0) {
            return;
        }
        FrameKind kind = classifier.classify(payload);
        if (kind == null) {
            log.warn("room frame ignored, not a typed JSON object: room={} bytes={}", room, payload.length);
            return;
        }
        if (!kind.high() && !withinBudget(current.size())) {
            metrics.dropped(DropReason.OVERLOAD, false, current.size());
            return;
        }
        OutgoingFrame frame = new OutgoingFrame(copy(payload), kind, received);
        try {
            for (Room.LoopGroup group : current.groups()) {
                // an array copy of the members: room.closed removes them right below, the copy stays
                dispatch(frame, group.loop(), group.snapshot(), Source.ROOM);
            }
        } finally {
            frame.release();
        }
        if (kind.roomClosed()) {
            close(current);
        }
    }

    /**
     * Sends one shared frame to the given subscribers (a user's devices), one task per event loop. Takes
     * over the caller's reference to {@code frame}.
     */
    public void deliver(OutgoingFrame frame, List<? extends Subscriber> subscribers, Source source) {
        try {
            Map<EventLoop, List<Subscriber>> byLoop = new java.util.HashMap<>();
            for (Subscriber subscriber : subscribers) {
                byLoop.computeIfAbsent(subscriber.eventLoop(), loop -> new ArrayList<>(2))
                        .add(subscriber);
            }
            byLoop.forEach((loop, members) -> dispatch(frame, loop, members.toArray(new Subscriber[0]), source));
        } finally {
            frame.release();
        }
    }

    /** Copies a payload once into a direct buffer that every connection shares. */
    public ByteBuf copy(byte[] payload) {
        return allocator.directBuffer(payload.length).writeBytes(payload);
    }

    private void dispatch(OutgoingFrame frame, EventLoop loop, Subscriber[] members, Source source) {
        if (members.length == 0) {
            return;
        }
        boolean permit = false;
        if (frame.droppable()) {
            if (!backlog.tryAcquirePermission()) {
                metrics.dropped(DropReason.BACKLOG, false, members.length);
                return;
            }
            permit = true;
        }
        outbox(loop).enqueue(frame.retain(), members, source, permit);
    }

    private boolean withinBudget(int deliveries) {
        int limit = budget.getRateLimiterConfig().getLimitForPeriod();
        return budget.acquirePermission(Math.min(deliveries, limit));
    }

    /** The room has ended: its viewers are removed and its subscription goes at once (no grace). */
    private void close(Room room) {
        for (Subscriber subscriber : room.members()) {
            if (leave(room.id(), subscriber, false)) {
                subscriber.roomClosed(room.id());
            }
        }
    }

    private LoopOutbox outbox(EventLoop loop) {
        LoopOutbox outbox = outboxes.get(loop);
        if (outbox == null) {
            outbox = outboxes.computeIfAbsent(loop, key -> new LoopOutbox(key, metrics, backlog));
        }
        return outbox;
    }

    private Shard shard(String room) {
        return shards[(room.hashCode() & 0x7fffffff) % SHARDS];
    }

    /**
     * A slice of the rooms. The counters change with the rooms, under the shard's lock, and are read without
     * it (metrics, admin), so a scrape costs one read per shard instead of a walk over every room.
     */
    private static final class Shard {
        final Map<String, Room> rooms = new ConcurrentHashMap<>();
        /** Rooms with local viewers. */
        volatile int live;
        /** Rooms without local viewers waiting out their grace. */
        volatile int idle;
    }
}
