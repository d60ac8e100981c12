package io.chorus.protocol;

/**
 * Internal reply of presence-service to {@code GET /internal/rooms/{room}/viewers}: an approximate count
 * of distinct viewers, served in {@code joined.viewers} and on the room.
 */
public record ViewerCount(String room, long viewers) {}
