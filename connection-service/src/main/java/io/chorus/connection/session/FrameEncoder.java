package io.chorus.connection.session;

import io.chorus.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Encodes direct replies ({@code joined}, {@code ack}, {@code error}, ...) as UTF-8 JSON. */
public final class FrameEncoder {

    private final ObjectWriter writer;

    public FrameEncoder(JsonMapper mapper) {
        this.writer = mapper.writerFor(ServerFrame.class);
    }

    public byte[] bytes(ServerFrame frame) {
        return writer.writeValueAsBytes(frame);
    }

    public ByteBuf encode(ServerFrame frame) {
        return Unpooled.wrappedBuffer(bytes(frame));
    }
}
