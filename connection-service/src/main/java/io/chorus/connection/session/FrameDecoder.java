package io.chorus.connection.session;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a client's text frame into a {@link ClientFrame}, or into a {@link Rejection} that says exactly what
 * was wrong: {@code malformed} (not a JSON object), {@code unknown_type} (missing or unknown {@code type}),
 * {@code bad_request} (a missing or invalid field, an {@code id} over 64 chars). Never throws.
 */
public final class FrameDecoder {

    /** Room and conversation ids: 1-128 chars of letters, digits, {@code . _ : -}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** The outcome of decoding one frame: a frame, or a rejection. */
    public sealed interface Decoded permits Accepted, Rejection {}

    /** A valid frame. */
    public record Accepted(ClientFrame frame) implements Decoded {}

    /** An invalid frame; {@code id} echoes the request id when it could be read. */
    public record Rejection(String id, ErrorCode code, String message) implements Decoded {}

    private final JsonMapper mapper;
    private final int maxChatChars;

    public FrameDecoder(JsonMapper mapper, int maxChatChars) {
        this.mapper = mapper;
        this.maxChatChars = maxChatChars;
    }

    public Decoded decode(byte[] payload) {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (JacksonException e) {
            return new Rejection(null, ErrorCode.MALFORMED, "not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return new Rejection(null, ErrorCode.MALFORMED, "a frame is one JSON object");
        }
        JsonNode idNode = node.get("id");
        String id = null;
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isString()) {
                return new Rejection(null, ErrorCode.BAD_REQUEST, "id must be a string");
            }
            id = idNode.stringValue();
            if (id.length() > ClientFrame.MAX_ID_LENGTH) {
                return new Rejection(null, ErrorCode.BAD_REQUEST, "id longer than 64 chars");
            }
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            return new Rejection(id, ErrorCode.UNKNOWN_TYPE, "missing type");
        }
        return switch (typeNode.stringValue()) {
            case "join" -> room(node, id, "join");
            case "leave" -> room(node, id, "leave");
            case "chat" -> chat(node, id);
            case "ping" -> new Accepted(new ClientFrame.Ping(id));
            case "read" -> read(node, id);
            case "typing" -> typing(node, id);
            default -> new Rejection(id, ErrorCode.UNKNOWN_TYPE, "unknown type");
        };
    }

    private Decoded room(JsonNode node, String id, String type) {
        String room = identifier(node, "room");
        if (room == null) {
            return missing(id, "room");
        }
        return new Accepted("join".equals(type) ? new ClientFrame.Join(id, room) : new ClientFrame.Leave(id, room));
    }

    private Decoded chat(JsonNode node, String id) {
        String room = identifier(node, "room");
        if (room == null) {
            return missing(id, "room");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isString() || text.stringValue().isBlank()) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "text is required");
        }
        if (text.stringValue().length() > maxChatChars) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "text longer than " + maxChatChars + " chars");
        }
        return new Accepted(new ClientFrame.Chat(id, room, text.stringValue()));
    }

    private Decoded read(JsonNode node, String id) {
        String conv = identifier(node, "conv");
        if (conv == null) {
            return missing(id, "conv");
        }
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "seq must be a non-negative integer");
        }
        return new Accepted(new ClientFrame.Read(id, conv, seq.longValue()));
    }

    private Decoded typing(JsonNode node, String id) {
        String conv = identifier(node, "conv");
        if (conv == null) {
            return missing(id, "conv");
        }
        return new Accepted(new ClientFrame.Typing(id, conv));
    }

    private static String identifier(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null
                || !value.isString()
                || !ID.matcher(value.stringValue()).matches()) {
            return null;
        }
        return value.stringValue();
    }

    private static Rejection missing(String id, String field) {
        return new Rejection(
                id, ErrorCode.BAD_REQUEST, field + " is required: 1-128 chars of letters, digits, . _ : -");
    }
}
