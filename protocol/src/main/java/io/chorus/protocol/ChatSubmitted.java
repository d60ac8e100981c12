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
 */
public record ChatSubmitted(String room, String user, String name, List<String> roles, String text) {}
