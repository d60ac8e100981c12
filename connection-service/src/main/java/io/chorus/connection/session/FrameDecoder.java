package io.chorus.connection.session;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
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

    /** Longest property name the scanner reads; longer ones go to the parser (and its own limit). */
    static final int MAX_SCANNED_NAME = 64;

    /** Longest string value the scanner reads; longer ones go to the parser (and its own limit). */
    static final int MAX_SCANNED_STRING = 4096;

    private final JsonMapper mapper;
    private final int maxChatChars;
    private final boolean scanning;

    public FrameDecoder(JsonMapper mapper, int maxChatChars) {
        this.mapper = mapper;
        this.maxChatChars = maxChatChars;
        this.scanning = agreesWithScanner(mapper);
    }

    /**
     * Whether the mapper's parser accepts everything the scanner accepts: no duplicate detection, and limits at
     * least as wide as the scanner's. A stricter mapper gets every frame through its parser.
     */
    static boolean agreesWithScanner(JsonMapper mapper) {
        StreamReadConstraints limits = mapper.tokenStreamFactory().streamReadConstraints();
        return !mapper.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                && limits.getMaxNameLength() >= MAX_SCANNED_NAME
                && limits.getMaxStringLength() >= MAX_SCANNED_STRING
                && limits.getMaxNumberLength() >= 18
                && limits.getMaxNestingDepth() >= 1
                && limits.getMaxDocumentLength() <= 0
                && limits.getMaxTokenCount() <= 0;
    }

    /**
     * Decodes one frame. Most frames are flat objects of ASCII strings and small integers (every join, leave
     * and ping a client sends): {@link #scan} reads those without a parser. Anything else (escapes, non-ASCII
     * text, nested values, other literals, anything malformed) goes to Jackson's streaming parser (no tree),
     * which keeps the fields a request can have and skips every other value; the whole input must be one
     * well-formed JSON object. Both readers yield the same fields for what the scanner accepts.
     */
    public Decoded decode(byte[] payload) {
        Fields fields = scanning ? scan(payload) : null;
        return fields != null ? assemble(fields) : decodeWithParser(payload);
    }

    /** {@link #decode} without the scanner (what {@code decode} does with a frame the scanner leaves). */
    Decoded decodeWithParser(byte[] payload) {
        Fields fields = new Fields();
        Rejection malformed = parse(payload, fields);
        return malformed != null ? malformed : assemble(fields);
    }

    /** The fields the parser reads from a well-formed frame, or null for a malformed one (tests). */
    Fields parseFields(byte[] payload) {
        Fields fields = new Fields();
        return parse(payload, fields) == null ? fields : null;
    }

    private Rejection parse(byte[] payload, Fields fields) {
        try (JsonParser parser = mapper.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return new Rejection(null, ErrorCode.MALFORMED, "a frame is one JSON object");
            }
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                fields.put(parser.currentName(), Value.read(parser, parser.nextToken()));
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return new Rejection(null, ErrorCode.MALFORMED, "not valid JSON");
            }
            return null;
        } catch (JacksonException e) {
            return new Rejection(null, ErrorCode.MALFORMED, "not valid JSON");
        }
    }

    /**
     * Reads a flat JSON object whose names and string values are printable ASCII without escapes (names up to
     * {@value #MAX_SCANNED_NAME} bytes, values up to {@value #MAX_SCANNED_STRING}) and whose other values are
     * {@code null} or integers of at most 18 digits; returns {@code null} for anything else, which the parser
     * then reads (and rejects if it is not JSON). Allocates only the strings it keeps.
     */
    static Fields scan(byte[] in) {
        int end = in.length;
        int i = skipSpace(in, 0, end);
        if (i >= end || in[i] != '{') {
            return null;
        }
        Fields fields = new Fields();
        i = skipSpace(in, i + 1, end);
        if (i < end && in[i] == '}') {
            return skipSpace(in, i + 1, end) == end ? fields : null;
        }
        while (true) {
            if (i >= end || in[i] != '"') {
                return null;
            }
            int nameStart = i + 1;
            int nameEnd = stringEnd(in, nameStart, end);
            if (nameEnd < 0 || nameEnd - nameStart > MAX_SCANNED_NAME) {
                return null;
            }
            i = skipSpace(in, nameEnd + 1, end);
            if (i >= end || in[i] != ':') {
                return null;
            }
            i = skipSpace(in, i + 1, end);
            if (i >= end) {
                return null;
            }
            Value value;
            byte first = in[i];
            if (first == '"') {
                int valueEnd = stringEnd(in, i + 1, end);
                if (valueEnd < 0 || valueEnd - (i + 1) > MAX_SCANNED_STRING) {
                    return null;
                }
                value = new Value(Kind.STRING, ascii(in, i + 1, valueEnd), 0);
                i = valueEnd + 1;
            } else if (first == 'n') {
                if (i + 4 > end || in[i + 1] != 'u' || in[i + 2] != 'l' || in[i + 3] != 'l') {
                    return null;
                }
                value = Value.NULL;
                i += 4;
            } else if (first == '-' || (first >= '0' && first <= '9')) {
                boolean negative = first == '-';
                if (negative) {
                    i++;
                }
                int digits = i;
                long number = 0;
                while (i < end && in[i] >= '0' && in[i] <= '9') {
                    number = number * 10 + (in[i] - '0');
                    i++;
                }
                int count = i - digits;
                if (count == 0 || count > 18 || (count > 1 && in[digits] == '0')) {
                    return null; // no digit, too long for the scanner, or a leading zero (not JSON)
                }
                if (i < end && (in[i] == '.' || in[i] == 'e' || in[i] == 'E')) {
                    return null; // not an integer: the parser decides
                }
                value = new Value(Kind.INTEGER, null, negative ? -number : number);
            } else {
                return null; // true, false, an object, an array, or not JSON
            }
            fields.put(name(in, nameStart, nameEnd), value);
            i = skipSpace(in, i, end);
            if (i >= end) {
                return null;
            }
            if (in[i] == '}') {
                return skipSpace(in, i + 1, end) == end ? fields : null;
            }
            if (in[i] != ',') {
                return null;
            }
            i = skipSpace(in, i + 1, end);
        }
    }

    private static int skipSpace(byte[] in, int i, int end) {
        while (i < end && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of a string starting at {@code i}, or -1 if it is not plain ASCII. */
    private static int stringEnd(byte[] in, int i, int end) {
        for (; i < end; i++) {
            byte b = in[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return -1; // a control character, non-ASCII or an escape: the parser's job
            }
        }
        return -1;
    }

    @SuppressWarnings("deprecation") // the ASCII-only String constructor: no decoder for bytes known to be ASCII
    private static String ascii(byte[] in, int from, int to) {
        return new String(in, 0, from, to - from);
    }

    /** The field a property name stands for, compared in place (no string for names a request ignores). */
    private static String name(byte[] in, int from, int to) {
        int length = to - from;
        for (String known : Fields.NAMES) {
            if (known.length() == length && matches(in, from, known)) {
                return known;
            }
        }
        return "";
    }

    private static boolean matches(byte[] in, int from, String known) {
        for (int k = 0; k < known.length(); k++) {
            if (in[from + k] != known.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private Decoded assemble(Fields fields) {
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

    enum Kind {
        STRING,
        NULL,
        INTEGER,
        OTHER
    }

    /** One property's value as far as a request cares: a string, null, an integer that fits a long, other. */
    record Value(Kind kind, String text, long number) {

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
    static final class Fields {
        static final String[] NAMES = {"id", "type", "room", "text", "conv", "seq"};

        Value id;
        Value type;
        Value room;
        Value text;
        Value conv;
        Value seq;

        void put(String name, Value value) {
            switch (name) {
                case "id" -> id = value;
                case "type" -> type = value;
                case "room" -> room = value;
                case "text" -> text = value;
                case "conv" -> conv = value;
                case "seq" -> seq = value;
                default -> {}
            }
        }
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
