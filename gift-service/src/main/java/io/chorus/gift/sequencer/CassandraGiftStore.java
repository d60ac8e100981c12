package io.chorus.gift.sequencer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.chorus.protocol.GiftSent;
import io.chorus.stream.Appended;
import io.chorus.stream.SequencedStore;
import io.chorus.stream.StreamTail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gift stream in Cassandra. The sequence number of a room is claimed by inserting the gift's row into
 * {@code gifts_by_room} with {@code IF NOT EXISTS} (a lightweight transaction on the slot itself, so a number
 * is never handed out without its gift, and a zombie sequencer cannot take a taken number). Then, in order:
 * the gift id index {@code gift_ids_by_room} (with the recipient inbox's tail at that moment) together with
 * {@code room_gift_sequences} in one logged batch; the recipient inbox slot (another {@code IF NOT EXISTS}: a
 * recipient may get gifts from several rooms, so it has several writers); and the inbox position back into the
 * index.
 *
 * <p>Recovery. A crash can stop this at any point; the event is then redelivered and:
 *
 * <ul>
 *   <li>found in the id index: it keeps its number;
 *   <li>not in the index but stored at the room's tail (the crash came between the slot and the index): it
 *       adopts the tail's number;
 *   <li>its inbox position missing: the recipient's inbox after the recorded tail is scanned for it before a
 *       new inbox slot is claimed.
 * </ul>
 */
@Component
class CassandraGiftStore implements SequencedStore<GiftSent, StoredGift> {

    private static final Logger log = LoggerFactory.getLogger(CassandraGiftStore.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final int INBOX_SCAN_LIMIT = 1000;

    /** Most room (or inbox) slots claimed by one lightweight transaction (a single-partition batch). */
    static final int RUN = 32;

    private final CqlSession session;
    private final PreparedStatement roomTail;
    private final PreparedStatement findId;
    private final PreparedStatement claimRoomSlot;
    private final PreparedStatement insertId;
    private final PreparedStatement setRoomSeq;
    private final PreparedStatement inboxTail;
    private final PreparedStatement inboxScan;
    private final PreparedStatement claimInboxSlot;
    private final PreparedStatement setInboxSeq;
    private final PreparedStatement findIds;
    private final PreparedStatement roomTailRows;
    private final PreparedStatement reindex;

    CassandraGiftStore(CqlSession session) {
        this.session = session;
        this.roomTail =
                session.prepare("SELECT seq, gift_id FROM gifts_by_room WHERE room_id = ? ORDER BY seq DESC LIMIT 1");
        this.findId = session.prepare(
                "SELECT seq, inbox_floor, inbox_seq FROM gift_ids_by_room WHERE room_id = ? AND gift_id = ?");
        this.claimRoomSlot = session.prepare("INSERT INTO gifts_by_room"
                + " (room_id, seq, gift_id, from_user, from_name, to_user, gift, amount, ts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertId = session.prepare(
                "INSERT INTO gift_ids_by_room (room_id, gift_id, seq, inbox_floor) VALUES (?, ?, ?, ?)");
        this.setRoomSeq = session.prepare("UPDATE room_gift_sequences SET last_seq = ? WHERE room_id = ?");
        this.inboxTail = session.prepare(
                "SELECT seq, gift_id FROM gifts_by_recipient WHERE user_id = ? ORDER BY seq DESC LIMIT 1");
        this.inboxScan = session.prepare(
                "SELECT seq, gift_id FROM gifts_by_recipient WHERE user_id = ? AND seq > ? LIMIT " + INBOX_SCAN_LIMIT);
        this.claimInboxSlot = session.prepare("INSERT INTO gifts_by_recipient"
                + " (user_id, seq, room_id, room_seq, gift_id, from_user, from_name, gift, amount, ts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.setInboxSeq =
                session.prepare("UPDATE gift_ids_by_room SET inbox_seq = ? WHERE room_id = ? AND gift_id = ?");
        this.findIds = session.prepare("SELECT gift_id, seq, inbox_floor, inbox_seq FROM gift_ids_by_room"
                + " WHERE room_id = ? AND gift_id IN ?");
        this.roomTailRows = session.prepare(
                "SELECT seq, gift_id FROM gifts_by_room WHERE room_id = ? ORDER BY seq DESC LIMIT " + RUN);
        this.reindex = session.prepare("UPDATE gift_ids_by_room SET seq = ? WHERE room_id = ? AND gift_id = ?");
    }

    @Override
    public String keyOf(GiftSent event) {
        return event.room();
    }

    @Override
    public Mono<StreamTail> tail(String room) {
        return execute(roomTail.bind(room)).map(rows -> {
            Row row = rows.one();
            return row == null
                    ? StreamTail.empty(room)
                    : new StreamTail(room, row.getLong("seq"), row.getString("gift_id"));
        });
    }

    @Override
    public Mono<Appended<StoredGift>> append(StreamTail tail, GiftSent event) {
        return appendToRoom(tail, event, 1).flatMap(slot -> fileInInbox(event, slot));
    }

    /**
     * A run of one room's gifts: the numbers of the new ones are claimed together, {@link #RUN} at a time, by
     * one conditional single-partition batch on {@code gifts_by_room}; their id index rows are written in one
     * single-partition batch, and their inbox slots are claimed per recipient the same way. A conflict on any
     * claim falls back to the one-at-a-time path for that run, which reloads the tail. A run's index is written
     * atomically, so after a crash either every gift of the last run is indexed or none is; in the latter case
     * {@link #repairTail} indexes the unindexed tail rows before anything else is appended.
     */
    @Override
    public Flux<Appended<StoredGift>> appendAll(StreamTail tail, List<GiftSent> events) {
        String room = tail.key();
        Map<String, GiftSent> distinct = new LinkedHashMap<>();
        for (GiftSent event : events) {
            distinct.putIfAbsent(event.giftId(), event);
        }
        return repairTail(tail)
                .then(findIds(room, List.copyOf(distinct.keySet())))
                .flatMapMany(known -> appendRun(tail, distinct, known, events))
                .sort(Comparator.comparingLong(Appended::seq));
    }

    private Flux<Appended<StoredGift>> appendRun(
            StreamTail tail, Map<String, GiftSent> distinct, Map<String, RoomSlot> known, List<GiftSent> events) {
        List<GiftSent> fresh = new ArrayList<>();
        List<GiftSent> redelivered = new ArrayList<>();
        for (GiftSent event : distinct.values()) {
            (known.containsKey(event.giftId()) ? redelivered : fresh).add(event);
        }
        Map<String, Appended<StoredGift>> done = new ConcurrentHashMap<>();
        AtomicReference<StreamTail> current = new AtomicReference<>(tail);
        Mono<Void> old = Flux.fromIterable(redelivered)
                .concatMap(event -> fileInInbox(event, known.get(event.giftId())))
                .doOnNext(appended -> done.put(appended.eventId(), appended))
                .then();
        Mono<Void> added = Flux.fromIterable(chunks(fresh))
                .concatMap(chunk -> claimRun(current.get(), chunk))
                .doOnNext(appended -> {
                    done.put(appended.eventId(), appended);
                    current.set(current.get().advancedTo(appended.seq(), appended.eventId()));
                })
                .then();
        return old.then(added).thenMany(Flux.defer(() -> {
            List<Appended<StoredGift>> all = new ArrayList<>(events.size());
            Set<String> emitted = new HashSet<>();
            for (GiftSent event : events) {
                Appended<StoredGift> appended = done.get(event.giftId());
                boolean repeat = !emitted.add(event.giftId());
                all.add(
                        repeat
                                ? new Appended<>(appended.record(), appended.eventId(), appended.seq(), true)
                                : appended);
            }
            return Flux.fromIterable(all);
        }));
    }

    /** Claims {@code tail + 1 ..} for the chunk in one lightweight transaction, or falls back one by one. */
    private Flux<Appended<StoredGift>> claimRun(StreamTail tail, List<GiftSent> chunk) {
        BatchStatementBuilder claim = BatchStatement.builder(DefaultBatchType.LOGGED);
        long seq = tail.seq();
        for (GiftSent event : chunk) {
            claim.addStatement(claimRoomSlot.bind(
                    event.room(),
                    ++seq,
                    event.giftId(),
                    event.from(),
                    event.fromName(),
                    event.to(),
                    event.gift(),
                    event.amount(),
                    Instant.ofEpochMilli(event.ts())));
        }
        return execute(claim.build()).flatMapMany(result -> {
            if (!result.wasApplied()) {
                log.warn("room run taken, appending one by one: room={} from={}", tail.key(), tail.seq() + 1);
                return SequencedStore.super.appendAll(tail, chunk);
            }
            return indexRun(tail, chunk).thenMany(fileRunInInboxes(tail, chunk));
        });
    }

    /** The id index of a freshly claimed run (one partition, atomic), with each recipient's inbox tail. */
    private Mono<Void> indexRun(StreamTail tail, List<GiftSent> chunk) {
        Set<String> recipients = new LinkedHashSet<>();
        chunk.stream().map(GiftSent::to).filter(Objects::nonNull).forEach(recipients::add);
        return Flux.fromIterable(recipients)
                .flatMap(user -> inboxTailSeq(user).map(last -> Map.entry(user, last)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(floors -> {
                    BatchStatementBuilder index = BatchStatement.builder(DefaultBatchType.UNLOGGED);
                    long seq = tail.seq();
                    for (GiftSent event : chunk) {
                        Long floor = event.to() == null ? null : floors.get(event.to());
                        index.addStatement(insertId.bind(event.room(), event.giftId(), ++seq, floor));
                    }
                    return Mono.when(execute(index.build()), execute(setRoomSeq.bind(seq, tail.key())));
                })
                .then();
    }

    /** Inbox slots of a freshly indexed run, claimed per recipient in one lightweight transaction each. */
    private Flux<Appended<StoredGift>> fileRunInInboxes(StreamTail tail, List<GiftSent> chunk) {
        Map<String, List<Integer>> byRecipient = new LinkedHashMap<>();
        List<Appended<StoredGift>> results = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            GiftSent event = chunk.get(i);
            long seq = tail.seq() + i + 1;
            results.add(appended(event, new RoomSlot(seq, null, null, false), null));
            if (event.to() != null) {
                byRecipient
                        .computeIfAbsent(event.to(), user -> new ArrayList<>())
                        .add(i);
            }
        }
        return Flux.fromIterable(byRecipient.entrySet())
                .concatMap(entry -> fileRecipientRun(tail, chunk, entry.getKey(), entry.getValue(), results))
                .thenMany(Flux.defer(() -> Flux.fromIterable(results)));
    }

    private Mono<Void> fileRecipientRun(
            StreamTail tail,
            List<GiftSent> chunk,
            String user,
            List<Integer> positions,
            List<Appended<StoredGift>> results) {
        return inboxTailSeq(user).flatMap(last -> {
            BatchStatementBuilder claim = BatchStatement.builder(DefaultBatchType.LOGGED);
            long inboxSeq = last;
            for (int position : positions) {
                GiftSent event = chunk.get(position);
                claim.addStatement(claimInboxSlot.bind(
                        user,
                        ++inboxSeq,
                        event.room(),
                        tail.seq() + position + 1,
                        event.giftId(),
                        event.from(),
                        event.fromName(),
                        event.gift(),
                        event.amount(),
                        Instant.ofEpochMilli(event.ts())));
            }
            return execute(claim.build()).flatMap(result -> {
                if (!result.wasApplied()) {
                    // another room filed a gift for this recipient meanwhile: one by one (scans after the floor)
                    return Flux.fromIterable(positions)
                            .concatMap(position -> fileInInbox(
                                            chunk.get(position),
                                            new RoomSlot(tail.seq() + position + 1, last, null, false))
                                    .doOnNext(appended -> results.set(position, appended)))
                            .then();
                }
                BatchStatementBuilder record = BatchStatement.builder(DefaultBatchType.UNLOGGED);
                long next = last;
                for (int position : positions) {
                    GiftSent event = chunk.get(position);
                    long filed = ++next;
                    record.addStatement(setInboxSeq.bind(filed, event.room(), event.giftId()));
                    results.set(
                            position,
                            appended(event, new RoomSlot(tail.seq() + position + 1, last, filed, false), filed));
                }
                return execute(record.build()).then();
            });
        });
    }

    /**
     * If the tail's gift is not indexed, the last run was claimed but its index never written: index the
     * unindexed rows of the last {@link #RUN} (their inbox columns are left alone: nothing was filed yet).
     */
    private Mono<Void> repairTail(StreamTail tail) {
        if (tail.lastEventId() == null) {
            return Mono.empty();
        }
        return execute(findId.bind(tail.key(), tail.lastEventId())).flatMap(rows -> {
            if (rows.one() != null) {
                return Mono.empty();
            }
            return execute(roomTailRows.bind(tail.key())).flatMap(tailRows -> {
                Map<String, Long> seqs = new LinkedHashMap<>();
                for (Row row : tailRows.currentPage()) {
                    seqs.put(row.getString("gift_id"), row.getLong("seq"));
                }
                return findIds(tail.key(), List.copyOf(seqs.keySet())).flatMap(indexed -> {
                    BatchStatementBuilder index = BatchStatement.builder(DefaultBatchType.UNLOGGED);
                    seqs.forEach((giftId, seq) -> {
                        if (!indexed.containsKey(giftId)) {
                            index.addStatement(reindex.bind(seq, tail.key(), giftId));
                        }
                    });
                    log.warn("unindexed tail repaired: room={} tailSeq={}", tail.key(), tail.seq());
                    return execute(index.build()).then();
                });
            });
        });
    }

    private Mono<Map<String, RoomSlot>> findIds(String room, List<String> giftIds) {
        return Flux.fromIterable(chunks(giftIds))
                .flatMap(ids -> execute(findIds.bind(room, ids)))
                .flatMapIterable(AsyncResultSet::currentPage)
                .collectMap(
                        row -> row.getString("gift_id"),
                        row -> new RoomSlot(
                                row.getLong("seq"),
                                longOrNull(row, "inbox_floor"),
                                longOrNull(row, "inbox_seq"),
                                true));
    }

    private Mono<Long> inboxTailSeq(String user) {
        return execute(inboxTail.bind(user)).map(rows -> {
            Row row = rows.one();
            return row == null ? 0L : row.getLong("seq");
        });
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += RUN) {
            chunks.add(items.subList(from, Math.min(items.size(), from + RUN)));
        }
        return chunks;
    }

    private Mono<RoomSlot> appendToRoom(StreamTail tail, GiftSent event, int attempt) {
        if (attempt > MAX_ATTEMPTS) {
            return Mono.error(new IllegalStateException("no room slot after " + MAX_ATTEMPTS + " attempts: room="
                    + event.room() + " giftId=" + event.giftId()));
        }
        return execute(findId.bind(event.room(), event.giftId())).flatMap(rows -> {
            Row row = rows.one();
            if (row != null) {
                return Mono.just(new RoomSlot(
                        row.getLong("seq"), longOrNull(row, "inbox_floor"), longOrNull(row, "inbox_seq"), true));
            }
            if (event.giftId().equals(tail.lastEventId())) {
                // stored at the tail by an attempt that died before indexing it
                return index(event, tail.seq(), true);
            }
            return claimRoomSlot(tail, event, attempt);
        });
    }

    private Mono<RoomSlot> claimRoomSlot(StreamTail tail, GiftSent event, int attempt) {
        long seq = tail.seq() + 1;
        Statement<?> insert = claimRoomSlot.bind(
                event.room(),
                seq,
                event.giftId(),
                event.from(),
                event.fromName(),
                event.to(),
                event.gift(),
                event.amount(),
                Instant.ofEpochMilli(event.ts()));
        return execute(insert).flatMap(result -> {
            if (result.wasApplied()) {
                return index(event, seq, false);
            }
            Row existing = result.one();
            if (existing != null && event.giftId().equals(existing.getString("gift_id"))) {
                return index(event, seq, true);
            }
            log.warn(
                    "room slot taken, reloading the tail: room={} seq={} giftId={}", event.room(), seq, event.giftId());
            return tail(event.room()).flatMap(fresh -> appendToRoom(fresh, event, attempt + 1));
        });
    }

    /** Records gift id -> seq, with the recipient inbox's tail before this gift files itself there. */
    private Mono<RoomSlot> index(GiftSent event, long seq, boolean redelivered) {
        Mono<Long> inboxFloor = event.to() == null
                ? Mono.just(-1L)
                : execute(inboxTail.bind(event.to())).map(rows -> {
                    Row row = rows.one();
                    return row == null ? 0L : row.getLong("seq");
                });
        return inboxFloor.flatMap(floor -> {
            BatchStatement batch = BatchStatement.newInstance(
                    DefaultBatchType.LOGGED,
                    insertId.bind(event.room(), event.giftId(), seq, floor < 0 ? null : floor),
                    setRoomSeq.bind(seq, event.room()));
            return execute(batch).thenReturn(new RoomSlot(seq, floor < 0 ? null : floor, null, redelivered));
        });
    }

    private Mono<Appended<StoredGift>> fileInInbox(GiftSent event, RoomSlot slot) {
        if (event.to() == null || slot.inboxSeq() != null) {
            return Mono.just(appended(event, slot, slot.inboxSeq()));
        }
        Mono<Long> inboxSeq;
        if (slot.inboxFloor() == null) {
            // indexed by a tail repair: the gift was never filed (filing always follows the indexing)
            inboxSeq = inboxTailSeq(event.to()).flatMap(last -> claimInboxSlot(event, slot.seq(), last + 1, 1));
        } else if (!slot.redelivered()) {
            inboxSeq = claimInboxSlot(event, slot.seq(), slot.inboxFloor() + 1, 1);
        } else {
            long floor = slot.inboxFloor();
            inboxSeq = findInInbox(event, floor)
                    .switchIfEmpty(Mono.defer(() -> claimInboxSlot(event, slot.seq(), floor + 1, 1)));
        }
        return inboxSeq.flatMap(filed -> recordInboxSeq(event, filed).thenReturn(appended(event, slot, filed)));
    }

    /** The inbox position an earlier attempt gave this gift (only possible after the recorded floor). */
    private Mono<Long> findInInbox(GiftSent event, long floor) {
        return execute(inboxScan.bind(event.to(), floor)).flatMap(rows -> {
            for (Row row : rows.currentPage()) {
                if (event.giftId().equals(row.getString("gift_id"))) {
                    return Mono.just(row.getLong("seq"));
                }
            }
            return Mono.empty();
        });
    }

    private Mono<Long> claimInboxSlot(GiftSent event, long roomSeq, long inboxSeq, int attempt) {
        if (attempt > MAX_ATTEMPTS * 4) {
            return Mono.error(new IllegalStateException(
                    "no inbox slot after " + attempt + " attempts: user=" + event.to() + " giftId=" + event.giftId()));
        }
        Statement<?> insert = claimInboxSlot.bind(
                event.to(),
                inboxSeq,
                event.room(),
                roomSeq,
                event.giftId(),
                event.from(),
                event.fromName(),
                event.gift(),
                event.amount(),
                Instant.ofEpochMilli(event.ts()));
        return execute(insert).flatMap(result -> {
            if (result.wasApplied()) {
                return Mono.just(inboxSeq);
            }
            Row existing = result.one();
            if (existing != null && event.giftId().equals(existing.getString("gift_id"))) {
                return Mono.just(inboxSeq);
            }
            // another room's sequencer filed a gift for the same recipient first: take the next free slot
            return execute(inboxTail.bind(event.to())).flatMap(rows -> {
                Row last = rows.one();
                long next = Math.max(inboxSeq, last == null ? 0 : last.getLong("seq")) + 1;
                return claimInboxSlot(event, roomSeq, next, attempt + 1);
            });
        });
    }

    private Mono<Void> recordInboxSeq(GiftSent event, long inboxSeq) {
        return execute(setInboxSeq.bind(inboxSeq, event.room(), event.giftId())).then();
    }

    private static Appended<StoredGift> appended(GiftSent event, RoomSlot slot, Long inboxSeq) {
        return new Appended<>(
                new StoredGift(event, slot.seq(), inboxSeq), event.giftId(), slot.seq(), slot.redelivered());
    }

    private static Long longOrNull(Row row, String column) {
        return row.isNull(column) ? null : row.getLong(column);
    }

    private Mono<AsyncResultSet> execute(Statement<?> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement));
    }

    private record RoomSlot(long seq, Long inboxFloor, Long inboxSeq, boolean redelivered) {}
}
