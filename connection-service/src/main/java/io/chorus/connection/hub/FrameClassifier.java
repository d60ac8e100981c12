package io.chorus.connection.hub;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a published frame once to learn its {@link FrameKind}; the bytes themselves are forwarded as
 * published. Unknown types are treated as high priority: what this instance does not understand, it does
 * not drop.
 */
public final class FrameClassifier {

    private static final Set<String> LOW = Set.of("typing", "presence");

    private final JsonMapper mapper;

    public FrameClassifier(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The frame's kind, or {@code null} when the payload is not a JSON object with a {@code type}. */
    public FrameKind classify(byte[] payload) {
        try {
            return classify(mapper.readTree(payload));
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The kind of an already parsed frame, or {@code null} when it has no {@code type}. */
    public FrameKind classify(JsonNode frame) {
        if (frame == null || !frame.isObject()) {
            return null;
        }
        JsonNode type = frame.get("type");
        if (type == null || !type.isString()) {
            return null;
        }
        String name = type.stringValue();
        if (FrameKind.ROOM_BATCH.equals(name)) {
            return new FrameKind(name, anyHigh(frame.get("msgs")));
        }
        return new FrameKind(name, !LOW.contains(name));
    }

    private static boolean anyHigh(JsonNode msgs) {
        if (msgs == null || !msgs.isArray()) {
            return false;
        }
        for (JsonNode msg : msgs) {
            JsonNode prio = msg.get("prio");
            if (prio != null && prio.isString() && "high".equals(prio.stringValue())) {
                return true;
            }
        }
        return false;
    }
}
