package io.chorus.presence.device;

/**
 * A user's coarse presence changed: first device online, or last device offline.
 *
 * @param user the user id
 * @param online whether the user is online now
 * @param lastSeen epoch millis the user went offline, {@code null} when online
 */
public record PresenceChange(String user, boolean online, Long lastSeen) {}
