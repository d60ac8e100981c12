package io.chorus.protocol;

/**
 * Internal reply of room-service to {@link ChatSubmitted} when accepted.
 *
 * @param msgId the message id
 * @param shed {@code true} when accepted but dropped by the room's delivery budget
 */
public record ChatAccepted(String msgId, boolean shed) {}
