package io.chorus.gift.sequencer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.chorus.gift.stream.Appended;
import io.chorus.gift.stream.SequencedStore;
import io.chorus.gift.stream.StreamTail;
import io.chorus.protocol.GiftSent;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
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
        long floor = slot.inboxFloor() == null ? 0 : slot.inboxFloor();
        return findInInbox(event, floor)
                .switchIfEmpty(Mono.defer(() -> claimInboxSlot(event, slot.seq(), floor + 1, 1)))
                .flatMap(inboxSeq -> recordInboxSeq(event, inboxSeq).thenReturn(appended(event, slot, inboxSeq)));
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
