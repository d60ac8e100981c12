package io.chorus.gift.pull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.chorus.gift.config.GiftProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Reads of the gift streams in Cassandra (the sequencer writes them), and the inbox cursor. */
@Repository
class GiftReadRepository {

    private static final int CURSOR_ATTEMPTS = 5;

    private final CqlSession session;
    private final Duration timeout;
    private final PreparedStatement roomPage;
    private final PreparedStatement roomTail;
    private final PreparedStatement inboxPage;
    private final PreparedStatement inboxTail;
    private final PreparedStatement readCursor;
    private final PreparedStatement createCursor;
    private final PreparedStatement advanceCursor;

    GiftReadRepository(CqlSession session, GiftProperties properties) {
        this.session = session;
        this.timeout = properties.requestTimeout();
        this.roomPage = session.prepare("SELECT seq, gift_id, from_user, from_name, to_user, gift, amount, ts"
                + " FROM gifts_by_room WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?");
        this.roomTail = session.prepare("SELECT seq FROM gifts_by_room WHERE room_id = ? ORDER BY seq DESC LIMIT 1");
        this.inboxPage =
                session.prepare("SELECT seq, room_id, room_seq, gift_id, from_user, from_name, gift, amount, ts"
                        + " FROM gifts_by_recipient WHERE user_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?");
        this.inboxTail =
                session.prepare("SELECT seq FROM gifts_by_recipient WHERE user_id = ? ORDER BY seq DESC LIMIT 1");
        this.readCursor = session.prepare("SELECT acked_seq FROM gift_inbox_cursors WHERE user_id = ?");
        this.createCursor =
                session.prepare("INSERT INTO gift_inbox_cursors (user_id, acked_seq) VALUES (?, ?) IF NOT EXISTS");
        this.advanceCursor =
                session.prepare("UPDATE gift_inbox_cursors SET acked_seq = ? WHERE user_id = ? IF acked_seq = ?");
    }

    /** Up to {@code limit} gifts of a room after {@code after}, oldest first. */
    Mono<List<RoomGift>> roomGifts(String room, long after, int limit) {
        return execute(roomPage.bind(room, after, limit)).map(rows -> {
            List<RoomGift> gifts = new ArrayList<>(limit);
            for (Row row : rows.currentPage()) {
                gifts.add(new RoomGift(
                        row.getLong("seq"),
                        row.getString("gift_id"),
                        row.getString("from_user"),
                        row.getString("from_name"),
                        row.getString("to_user"),
                        row.getString("gift"),
                        row.getLong("amount"),
                        row.getInstant("ts").toEpochMilli()));
            }
            return gifts;
        });
    }

    /** The room's latest gift sequence number, 0 if none. */
    Mono<Long> roomLastSeq(String room) {
        return execute(roomTail.bind(room)).map(GiftReadRepository::firstSeq);
    }

    /** Up to {@code limit} gifts of a recipient's inbox after {@code after}, oldest first. */
    Mono<List<InboxGift>> inboxGifts(String user, long after, int limit) {
        return execute(inboxPage.bind(user, after, limit)).map(rows -> {
            List<InboxGift> gifts = new ArrayList<>(limit);
            for (Row row : rows.currentPage()) {
                gifts.add(new InboxGift(
                        row.getLong("seq"),
                        row.getString("room_id"),
                        row.getLong("room_seq"),
                        row.getString("gift_id"),
                        row.getString("from_user"),
                        row.getString("from_name"),
                        row.getString("gift"),
                        row.getLong("amount"),
                        row.getInstant("ts").toEpochMilli()));
            }
            return gifts;
        });
    }

    /** The recipient's latest inbox sequence number, 0 if none. */
    Mono<Long> inboxLastSeq(String user) {
        return execute(inboxTail.bind(user)).map(GiftReadRepository::firstSeq);
    }

    /** The acknowledged inbox position, 0 if never acknowledged. */
    Mono<Long> ackedSeq(String user) {
        return execute(readCursor.bind(user)).map(rows -> {
            Row row = rows.one();
            return row == null || row.isNull("acked_seq") ? 0L : row.getLong("acked_seq");
        });
    }

    /** Moves the cursor forward to {@code seq} (never back; compare-and-set against other devices). */
    Mono<Long> advanceCursor(String user, long seq) {
        return advanceCursor(user, seq, 1);
    }

    private Mono<Long> advanceCursor(String user, long seq, int attempt) {
        if (attempt > CURSOR_ATTEMPTS) {
            return Mono.error(new IllegalStateException("cursor contended: user=" + user));
        }
        return execute(readCursor.bind(user)).flatMap(rows -> {
            Row row = rows.one();
            if (row != null && !row.isNull("acked_seq") && row.getLong("acked_seq") >= seq) {
                return Mono.just(row.getLong("acked_seq"));
            }
            Statement<?> write = row == null
                    ? createCursor.bind(user, seq)
                    : advanceCursor.bind(seq, user, row.isNull("acked_seq") ? null : row.getLong("acked_seq"));
            return execute(write)
                    .flatMap(result -> result.wasApplied() ? Mono.just(seq) : advanceCursor(user, seq, attempt + 1));
        });
    }

    private static long firstSeq(AsyncResultSet rows) {
        Row row = rows.one();
        return row == null ? 0L : row.getLong("seq");
    }

    private Mono<AsyncResultSet> execute(Statement<?> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement)).timeout(timeout);
    }

    /** A gift of a room's stream, as pulled. */
    record RoomGift(
            long seq, String giftId, String from, String fromName, String to, String gift, long amount, long ts) {}

    /** A gift of a recipient's inbox; {@code roomSeq} is its number in the room's stream. */
    record InboxGift(
            long seq,
            String room,
            long roomSeq,
            String giftId,
            String from,
            String fromName,
            String gift,
            long amount,
            long ts) {}
}
