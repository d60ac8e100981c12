package io.chorus.connection.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-framed bytes of a shared frame decode, with Netty's own client-side decoder, to the frame. */
class OutgoingFrameTests {

    @ParameterizedTest
    @ValueSource(ints = {1, 125, 126, 127, 65_535, 65_536, 200_000})
    void theWireBytesAreOneFinalUnmaskedTextFrameWithThePayload(int size) {
        String json = json(size);
        OutgoingFrame frame = frame(json);
        try {
            TextWebSocketFrame decoded = decode(frame.wire().retainedDuplicate());
            try {
                assertThat(decoded.isFinalFragment()).isTrue();
                assertThat(decoded.rsv()).isZero();
                assertThat(decoded.text()).isEqualTo(json);
            } finally {
                decoded.release();
            }
            assertThat(frame.wire()).isSameAs(frame.wire()); // built once, shared
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 300, 70_000})
    void theDeflatedWireBytesAreOneRsv1FrameThatInflatesOnItsOwn(int size) throws Exception {
        String json = json(size);
        OutgoingFrame frame = frame(json);
        try {
            TextWebSocketFrame decoded = decode(frame.wireDeflated().retainedDuplicate());
            try {
                assertThat(decoded.isFinalFragment()).isTrue();
                assertThat(decoded.rsv()).isEqualTo(4); // RSV1: a permessage-deflate message
                byte[] compressed = new byte[decoded.content().readableBytes()];
                decoded.content().readBytes(compressed);
                assertThat(inflate(compressed)).isEqualTo(json);
            } finally {
                decoded.release();
            }
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 70_000})
    void everyBufferIsFreedWithTheLastReference(int size) {
        OutgoingFrame frame = frame(json(size));
        ByteBuf content = frame.content();
        ByteBuf wire = frame.wire();
        ByteBuf deflated = frame.wireDeflated();
        ByteBuf duplicate = wire.retainedDuplicate(); // what a connection's outbound buffer holds
        frame.retain().release();
        frame.release();

        assertThat(content.refCnt()).isZero();
        assertThat(deflated.refCnt()).isZero();
        assertThat(wire.refCnt()).isEqualTo(1); // still held by the connection's write
        duplicate.release();
        assertThat(wire.refCnt()).isZero();
    }

    private static OutgoingFrame frame(String json) {
        ByteBuf content = Unpooled.directBuffer().writeBytes(json.getBytes(StandardCharsets.UTF_8));
        return new OutgoingFrame(content, new FrameKind(FrameKind.ROOM_BATCH, false), System.nanoTime());
    }

    private static String json(int size) {
        String head = "{\"type\":\"room.batch\",\"t\":\"";
        StringBuilder json = new StringBuilder(head);
        while (json.length() < size - 2) {
            json.append((char) ('a' + json.length() % 26));
        }
        return json.append("\"}").toString();
    }

    private static TextWebSocketFrame decode(ByteBuf wire) {
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .allowExtensions(true)
                .maxFramePayloadLength(1 << 20)
                .build();
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(config));
        assertThat(client.writeInbound(wire)).isTrue();
        TextWebSocketFrame decoded = client.readInbound();
        assertThat((Object) client.readInbound()).isNull();
        client.finishAndReleaseAll();
        return decoded;
    }

    private static String inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] tail = {0, 0, (byte) 0xff, (byte) 0xff};
        byte[] input = new byte[compressed.length + tail.length];
        System.arraycopy(compressed, 0, input, 0, compressed.length);
        System.arraycopy(tail, 0, input, compressed.length, tail.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(chunk);
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }
}
