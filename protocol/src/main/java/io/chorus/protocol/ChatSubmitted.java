package io.chorus.protocol;

import java.util.List;

/**
 * Internal request from connection-service to room-service: a viewer's chat frame, with the identity
 * established at the WebSocket handshake.
 *
 * @param room the room id
 * @param user the sender's user id
 * @param name the sender's display name
 * @param roles the sender's roles from the token
 * @param text the text
 * @param clientMsgId the chat frame's {@code id}, or {@code null}: a retry of an accepted message (same id,
 *     same text, within room-service's idempotency window) gets the original answer and is not delivered again
 */
public record ChatSubmitted(
        String room, String user, String name, List<String> roles, String text, String clientMsgId) {

    /** A submission without a client message id (never deduplicated). */
    public ChatSubmitted(String room, String user, String name, List<String> roles, String text) {
        this(room, user, name, roles, text, null);
    }
}
