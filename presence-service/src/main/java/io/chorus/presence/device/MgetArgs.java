package io.chorus.presence.device;

import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The keys of one look-up {@code MGET}, {@code presence:{<user>}} per user, written straight into the
 * command buffer in RESP ({@code $<length>\r\n<key>\r\n}) with no per-key object: Lettuce's own arguments
 * cost a key object, a temporary buffer and a decimal string per key. User ids are valid ids (ASCII).
 */
final class MgetArgs extends CommandArgs<String, byte[]> {

    private static final byte[] PREFIX = "presence:{".getBytes(StandardCharsets.US_ASCII);

    private final List<String> users;

    MgetArgs(List<String> users) {
        super(LookupCodec.INSTANCE);
        this.users = users;
    }

    @Override
    public int count() {
        return users.size();
    }

    @Override
    public void encode(ByteBuf buffer) {
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            buffer.writeByte('$');
            writeDecimal(buffer, PREFIX.length + user.length() + 1);
            buffer.writeByte('\r').writeByte('\n');
            buffer.writeBytes(PREFIX);
            buffer.writeCharSequence(user, StandardCharsets.US_ASCII);
            buffer.writeByte('}').writeByte('\r').writeByte('\n');
        }
    }

    @Override
    public ByteBuffer getFirstEncodedKey() {
        return users.isEmpty() ? null : LookupCodec.INSTANCE.encodeKey(users.get(0));
    }

    @Override
    public String toCommandString() {
        return users.size() + " keys";
    }

    @Override
    public String toString() {
        return "MgetArgs[" + toCommandString() + "]";
    }

    private static void writeDecimal(ByteBuf buffer, int value) {
        int divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            buffer.writeByte('0' + (value / divisor) % 10);
        }
    }
}
