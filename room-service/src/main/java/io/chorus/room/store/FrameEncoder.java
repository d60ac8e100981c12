package io.chorus.room.store;

import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.ServerFrame;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes what room-service publishes: exactly the JSON of the client frame (ADR 0004), encoded once per
 * frame, and the messages of the recent history.
 */
@Component
public class FrameEncoder {

    private final ObjectWriter frames;
    private final ObjectWriter messages;
    private final ObjectReader messageReader;

    public FrameEncoder(JsonMapper json) {
        this.frames = json.writerFor(ServerFrame.class);
        this.messages = json.writerFor(RoomMessage.class);
        this.messageReader = json.readerFor(new TypeReference<RoomMessage>() {});
    }

    public String frame(ServerFrame frame) {
        return frames.writeValueAsString(frame);
    }

    public String batch(String room, List<RoomMessage> msgs) {
        return frame(new ServerFrame.RoomBatch(room, msgs));
    }

    /**
     * The JSON of a {@code room.batch} up to its first message: this prefix, the encoded messages joined by
     * {@code ,}, then {@code ]}} is exactly the encoded frame (checked by a test).
     */
    public String batchPrefix(String room) {
        String empty = batch(room, List.of());
        if (!empty.endsWith("[]}")) {
            throw new IllegalStateException("unexpected room.batch encoding: " + empty);
        }
        return empty.substring(0, empty.length() - 2);
    }

    public String message(RoomMessage message) {
        return messages.writeValueAsString(message);
    }

    public RoomMessage decodeMessage(String json) {
        return messageReader.readValue(json);
    }
}
