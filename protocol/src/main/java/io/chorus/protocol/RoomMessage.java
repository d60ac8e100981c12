package io.chorus.protocol;

/**
 * One chat message of a live room, as carried in {@code room.batch} and in {@code joined.recent}.
 *
 * @param msgId the server-assigned message id
 * @param from the sender's user id
 * @param name the sender's display name
 * @param text the text
 * @param ts server epoch millis of acceptance
 * @param prio {@link Priority#LOW} for viewers' chatter, {@link Priority#HIGH} for streamer, moderator and
 *     system messages
 */
public record RoomMessage(String msgId, String from, String name, String text, long ts, Priority prio) {}
