package io.chorus.client;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ServerFrame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes client frames and decodes server frames with one Jackson {@link JsonMapper}, shared by every
 * client of a process (thread-safe). Unknown frame types and unknown fields are tolerated: the protocol
 * may add them.
 */
public final class FrameCodec {

    private static final Logger log = LoggerFactory.getLogger(FrameCodec.class);
    private static final FrameCodec SHARED = new FrameCodec(defaultMapper());

    private final JsonMapper mapper;
    private final ObjectWriter clientWriter;
    private final ObjectReader serverReader;

    public FrameCodec(JsonMapper mapper) {
        this.mapper = mapper;
        this.clientWriter = mapper.writerFor(ClientFrame.class);
        this.serverReader = mapper.readerFor(ServerFrame.class);
    }

    /** The codec every client uses unless told otherwise. */
    public static FrameCodec shared() {
        return SHARED;
    }

    /** A mapper that ignores unknown fields and unknown frame types (forward compatibility). */
    public static JsonMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public String encode(ClientFrame frame) {
        return clientWriter.writeValueAsString(frame);
    }

    /** The frame, or {@code null} when the text is not a frame this client knows (logged, not thrown). */
    public @Nullable ServerFrame decode(String text) {
        try {
            return serverReader.readValue(text);
        } catch (JacksonException ex) {
            log.debug("Server frame not decoded: length={} reason={}", text.length(), ex.getOriginalMessage());
            return null;
        }
    }
}
