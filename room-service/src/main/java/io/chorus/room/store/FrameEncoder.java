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

    public String message(RoomMessage message) {
        return messages.writeValueAsString(message);
    }

    public RoomMessage decodeMessage(String json) {
        return messageReader.readValue(json);
    }
}
