package io.chorus.loadgen.churn;

import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The churn's frames as text, without Jackson: {@code join} and {@code leave} requests built from
 * per-room parts, and the replies recognised by their first bytes. Request ids are {@code c-<seq>}
 * ({@code seq} counts the requests of one connection), never a base-36 id of the client's own requests
 * (heartbeat pings), so the replies of the two never mix.
 *
 * <p>connection-service writes {@code joined}, {@code left} and {@code error} replies with {@code type}
 * first and {@code id} second ({@code {"type":"joined","id":"c-7","room":...}}); a reply in another layout
 * is not recognised (it then reaches the client's decoder and the cycle times out, visibly).
 */
final class ChurnFrames {

    /** Not a churn frame, for the client to decode: {@code pong}, an {@code error} of another request. */
    static final int PASS = 0;
    /** A frame the churn ignores and consumes, e.g. {@code room.batch}: nobody reads pushed frames. */
    static final int IGNORE = 1;

    static final int JOINED = 2;
    static final int LEFT = 3;
    static final int ERROR = 4;

    static final String ID_PREFIX = "c-";

    private static final String TYPE_HEAD = "{\"type\":\"";
    private static final String JOINED_HEAD = "{\"type\":\"joined\",\"id\":\"" + ID_PREFIX;
    private static final String LEFT_HEAD = "{\"type\":\"left\",\"id\":\"" + ID_PREFIX;
    private static final String ERROR_HEAD = "{\"type\":\"error\",\"id\":\"" + ID_PREFIX;
    private static final String PONG_HEAD = "{\"type\":\"pong\"";
    private static final String ANY_ERROR_HEAD = "{\"type\":\"error\"";
    private static final String CODE_NAME = "\"code\":\"";
    private static final String JOIN_HEAD = "{\"type\":\"join\",\"id\":\"" + ID_PREFIX;
    private static final String LEAVE_HEAD = "{\"type\":\"leave\",\"id\":\"" + ID_PREFIX;

    /** {@code ","room":"<room>"}} per room: the end of both requests. */
    private final String[] roomTails;

    ChurnFrames(List<String> rooms) {
        this.roomTails = new String[rooms.size()];
        JsonStringEncoder quoter = JsonStringEncoder.getInstance();
        for (int i = 0; i < rooms.size(); i++) {
            StringBuilder tail = new StringBuilder("\",\"room\":\"");
            quoter.quoteAsString(rooms.get(i), tail);
            roomTails[i] = tail.append("\"}").toString();
        }
    }

    int rooms() {
        return roomTails.length;
    }

    /** {@code {"type":"join","id":"c-<seq>","room":"<room>"}}. */
    String join(long seq, int room) {
        return JOIN_HEAD + seq + roomTails[room];
    }

    /** {@code {"type":"leave","id":"c-<seq>","room":"<room>"}}. */
    String leave(long seq, int room) {
        return LEAVE_HEAD + seq + roomTails[room];
    }

    /** {@link #JOINED}, {@link #LEFT}, {@link #ERROR} (each with a churn id), {@link #PASS} or {@link #IGNORE}. */
    static int kind(String text) {
        if (text.startsWith(JOINED_HEAD)) {
            return JOINED;
        }
        if (text.startsWith(LEFT_HEAD)) {
            return LEFT;
        }
        if (text.startsWith(ERROR_HEAD)) {
            return ERROR;
        }
        if (!text.startsWith(TYPE_HEAD) || text.startsWith(PONG_HEAD) || text.startsWith(ANY_ERROR_HEAD)) {
            return PASS;
        }
        return IGNORE;
    }

    /** The {@code seq} of the id of a {@link #JOINED}, {@link #LEFT} or {@link #ERROR} reply; -1 if not a number. */
    static long seq(String text, int kind) {
        int at =
                switch (kind) {
                    case JOINED -> JOINED_HEAD.length();
                    case LEFT -> LEFT_HEAD.length();
                    case ERROR -> ERROR_HEAD.length();
                    default -> throw new IllegalArgumentException("not a churn reply: " + kind);
                };
        long seq = 0;
        int digits = 0;
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return digits == 0 ? -1 : seq;
            }
            if (c < '0' || c > '9' || ++digits > 18) {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return -1;
    }

    /** The {@code code} of an {@code error} frame, {@code "error"} when it has none. */
    static String errorCode(String text) {
        int at = text.indexOf(CODE_NAME);
        if (at < 0) {
            return "error";
        }
        int start = at + CODE_NAME.length();
        int end = text.indexOf('"', start);
        return end < 0 ? "error" : text.substring(start, end);
    }
}
