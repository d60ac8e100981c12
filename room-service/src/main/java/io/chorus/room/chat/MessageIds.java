package io.chorus.room.chat;

import java.util.concurrent.ThreadLocalRandom;

/** Message ids: time-ordered (base-36 millis) plus 60 random bits; unique across instances in practice. */
final class MessageIds {

    private MessageIds() {}

    static String next(long nowMillis) {
        long random = ThreadLocalRandom.current().nextLong() >>> 4;
        String suffix = Long.toString(random, 36);
        return Long.toString(nowMillis, 36) + "0".repeat(Math.max(0, 12 - suffix.length())) + suffix;
    }
}
