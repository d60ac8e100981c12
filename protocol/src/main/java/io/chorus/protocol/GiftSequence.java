package io.chorus.protocol;

/**
 * Internal reply of gift-service to {@code GET /internal/rooms/{room}/gift-seq}: the room's latest gift
 * sequence number (0 if none), served in {@code joined.giftSeq}.
 */
public record GiftSequence(String room, long lastSeq) {}
