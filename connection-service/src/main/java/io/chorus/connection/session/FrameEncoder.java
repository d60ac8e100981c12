package io.chorus.connection.session;

import io.chorus.connection.upstream.JoinSnapshot;
import io.chorus.connection.upstream.JoinSnapshots;
import io.chorus.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes direct replies ({@code joined}, {@code ack}, {@code error}, ...) as UTF-8 JSON. The two replies of
 * churn are assembled from parts instead: {@code left} from its id and room, {@code joined} from the room's
 * snapshot encoded once per snapshot (shared by every join it answers) with the request id spliced in.
 */
public final class FrameEncoder {

    private static final byte[] JOINED_HEAD = "{\"type\":\"joined\",".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ID_NAME = "\"id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LEFT_HEAD = "{\"type\":\"left\",".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROOM_NAME = "\"room\":\"".getBytes(StandardCharsets.UTF_8);

    /** A {@code joined} reply without an id, for one room and one snapshot. */
    private record JoinedTemplate(String room, JoinSnapshot snapshot, byte[] bytes) {}

    private final ObjectWriter writer;
    private final JsonStringEncoder quoter = JsonStringEncoder.getInstance();

    public FrameEncoder(JsonMapper mapper) {
        this.writer = mapper.writerFor(ServerFrame.class);
    }

    public byte[] bytes(ServerFrame frame) {
        return writer.writeValueAsBytes(frame);
    }

    public ByteBuf encode(ServerFrame frame) {
        return Unpooled.wrappedBuffer(bytes(frame));
    }

    /** {@code {"type":"left","id":...,"room":...}}. */
    public ByteBuf left(String id, String room) {
        byte[] quotedRoom = quoter.quoteAsUTF8(room);
        byte[] quotedId = id == null ? null : quoter.quoteAsUTF8(id);
        int size = LEFT_HEAD.length + ROOM_NAME.length + quotedRoom.length + 2;
        if (quotedId != null) {
            size += ID_NAME.length + quotedId.length + 2;
        }
        ByteBuf out = Unpooled.buffer(size, size).writeBytes(LEFT_HEAD);
        if (quotedId != null) {
            out.writeBytes(ID_NAME).writeBytes(quotedId).writeByte('"').writeByte(',');
        }
        return out.writeBytes(ROOM_NAME).writeBytes(quotedRoom).writeByte('"').writeByte('}');
    }

    /**
     * {@code joined} for {@code snapshot}: the id-less reply is encoded once per snapshot and kept in the
     * snapshot's cache {@code entry} (when given and still holding this snapshot), then each join only
     * splices its id in.
     */
    public ByteBuf joined(String id, String room, JoinSnapshot snapshot, JoinSnapshots.Entry entry) {
        byte[] template = null;
        if (entry != null && entry.value() == snapshot && entry.reply() instanceof JoinedTemplate known) {
            if (known.room().equals(room) && known.snapshot() == snapshot) {
                template = known.bytes();
            }
        }
        if (template == null) {
            template = bytes(
                    new ServerFrame.Joined(null, room, snapshot.viewers(), snapshot.recent(), snapshot.giftSeq()));
            if (!startsWith(template, JOINED_HEAD)) {
                // not the layout assumed below: encode each reply in full
                return encode(
                        new ServerFrame.Joined(id, room, snapshot.viewers(), snapshot.recent(), snapshot.giftSeq()));
            }
            if (entry != null && entry.value() == snapshot) {
                entry.reply(new JoinedTemplate(room, snapshot, template));
            }
        }
        if (id == null) {
            return Unpooled.wrappedBuffer(template); // shared, never written to
        }
        byte[] quotedId = quoter.quoteAsUTF8(id);
        int size = template.length + ID_NAME.length + quotedId.length + 2;
        return Unpooled.buffer(size, size)
                .writeBytes(template, 0, JOINED_HEAD.length)
                .writeBytes(ID_NAME)
                .writeBytes(quotedId)
                .writeByte('"')
                .writeByte(',')
                .writeBytes(template, JOINED_HEAD.length, template.length - JOINED_HEAD.length);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length > prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
