package io.chorus.room.room;

/**
 * The chat settings of a room.
 *
 * @param slowModeSeconds a viewer waits this long between two messages (0: off)
 * @param subscriberOnly only subscribers (and the room's streamer and moderators) may chat
 * @param emoteOnly viewers' messages may contain emotes only
 * @param chatBudgetPerSecond chatter messages per second that reach the room's viewers
 */
public record RoomSettings(int slowModeSeconds, boolean subscriberOnly, boolean emoteOnly, int chatBudgetPerSecond) {}
