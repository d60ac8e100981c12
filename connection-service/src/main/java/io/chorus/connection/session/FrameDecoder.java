package io.chorus.connection.session;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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

    /**
     * Decodes one frame with a streaming parser (no tree): the fields a request can have are kept, every
     * other value is skipped; the whole input must be one well-formed JSON object.
     */
    public Decoded decode(byte[] payload) {
        Fields fields = new Fields();
        try (JsonParser parser = mapper.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return new Rejection(null, ErrorCode.MALFORMED, "a frame is one JSON object");
            }
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                Value value = Value.read(parser, parser.nextToken());
                switch (name) {
                    case "id" -> fields.id = value;
                    case "type" -> fields.type = value;
                    case "room" -> fields.room = value;
                    case "text" -> fields.text = value;
                    case "conv" -> fields.conv = value;
                    case "seq" -> fields.seq = value;
                    default -> {}
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return new Rejection(null, ErrorCode.MALFORMED, "not valid JSON");
            }
        } catch (JacksonException e) {
            return new Rejection(null, ErrorCode.MALFORMED, "not valid JSON");
        }
        String id = null;
        if (fields.id != null && fields.id.kind != Kind.NULL) {
            if (fields.id.kind != Kind.STRING) {
                return new Rejection(null, ErrorCode.BAD_REQUEST, "id must be a string");
            }
            id = fields.id.text;
            if (id.length() > ClientFrame.MAX_ID_LENGTH) {
                return new Rejection(null, ErrorCode.BAD_REQUEST, "id longer than 64 chars");
            }
        }
        if (fields.type == null || fields.type.kind != Kind.STRING) {
            return new Rejection(id, ErrorCode.UNKNOWN_TYPE, "missing type");
        }
        return switch (fields.type.text) {
            case "join" -> room(fields, id, true);
            case "leave" -> room(fields, id, false);
            case "chat" -> chat(fields, id);
            case "ping" -> new Accepted(new ClientFrame.Ping(id));
            case "read" -> read(fields, id);
            case "typing" -> typing(fields, id);
            default -> new Rejection(id, ErrorCode.UNKNOWN_TYPE, "unknown type");
        };
    }

    private enum Kind {
        STRING,
        NULL,
        INTEGER,
        OTHER
    }

    /** One property's value as far as a request cares: a string, null, an integer that fits a long, other. */
    private record Value(Kind kind, String text, long number) {

        private static final Value NULL = new Value(Kind.NULL, null, 0);
        private static final Value OTHER = new Value(Kind.OTHER, null, 0);

        static Value read(JsonParser parser, JsonToken token) {
            if (token == JsonToken.VALUE_STRING) {
                return new Value(Kind.STRING, parser.getString(), 0);
            }
            if (token == JsonToken.VALUE_NULL) {
                return NULL;
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType type = parser.getNumberType();
                return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG
                        ? new Value(Kind.INTEGER, null, parser.getLongValue())
                        : OTHER;
            }
            parser.skipChildren(); // an object or array: skipped, still checked to be well-formed
            return OTHER;
        }
    }

    /** The properties a request may have; the last one wins when a name repeats. */
    private static final class Fields {
        Value id;
        Value type;
        Value room;
        Value text;
        Value conv;
        Value seq;
    }

    private Decoded room(Fields fields, String id, boolean join) {
        String room = identifier(fields.room);
        if (room == null) {
            return missing(id, "room");
        }
        return new Accepted(join ? new ClientFrame.Join(id, room) : new ClientFrame.Leave(id, room));
    }

    private Decoded chat(Fields fields, String id) {
        String room = identifier(fields.room);
        if (room == null) {
            return missing(id, "room");
        }
        Value text = fields.text;
        if (text == null || text.kind != Kind.STRING || text.text.isBlank()) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "text is required");
        }
        if (text.text.length() > maxChatChars) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "text longer than " + maxChatChars + " chars");
        }
        return new Accepted(new ClientFrame.Chat(id, room, text.text));
    }

    private Decoded read(Fields fields, String id) {
        String conv = identifier(fields.conv);
        if (conv == null) {
            return missing(id, "conv");
        }
        Value seq = fields.seq;
        if (seq == null || seq.kind != Kind.INTEGER || seq.number < 0) {
            return new Rejection(id, ErrorCode.BAD_REQUEST, "seq must be a non-negative integer");
        }
        return new Accepted(new ClientFrame.Read(id, conv, seq.number));
    }

    private Decoded typing(Fields fields, String id) {
        String conv = identifier(fields.conv);
        if (conv == null) {
            return missing(id, "conv");
        }
        return new Accepted(new ClientFrame.Typing(id, conv));
    }

    private static String identifier(Value value) {
        if (value == null || value.kind != Kind.STRING || !isId(value.text)) {
            return null;
        }
        return value.text;
    }

    /** Whether {@code text} matches {@link #ID}, without a matcher. */
    static boolean isId(String text) {
        int length = text.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Rejection missing(String id, String field) {
        return new Rejection(
                id, ErrorCode.BAD_REQUEST, field + " is required: 1-128 chars of letters, digits, . _ : -");
    }
}
