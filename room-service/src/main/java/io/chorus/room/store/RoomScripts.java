package io.chorus.room.store;

import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts of room-service (src/main/resources/scripts); each one is atomic in Redis. */
@SuppressWarnings("rawtypes")
public final class RoomScripts {

    public static final RedisScript<List> ADMIT_CHAT = multi("admit-chat");
    public static final RedisScript<List> DELIVER_WINDOW = multi("deliver-window");
    public static final RedisScript<Long> CREATE_ROOM = integer("create-room");
    public static final RedisScript<Long> UPDATE_ROOM = integer("update-room");
    public static final RedisScript<Long> CLOSE_ROOM = integer("close-room");
    public static final RedisScript<Long> RETRACT_MESSAGE = integer("retract-message");
    public static final RedisScript<Long> MARK_SHED = integer("mark-shed");

    private RoomScripts() {}

    private static RedisScript<List> multi(String name) {
        return RedisScript.of(new ClassPathResource("scripts/" + name + ".lua"), List.class);
    }

    private static RedisScript<Long> integer(String name) {
        return RedisScript.of(new ClassPathResource("scripts/" + name + ".lua"), Long.class);
    }

    /** The {@code i}-th integer of a script's array reply. */
    public static long longAt(List<?> reply, int i) {
        return ((Number) reply.get(i)).longValue();
    }
}
