package io.chorus.presence.device;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The codec of the look-up connection: a key is a user id, written straight into the command buffer as
 * {@code presence:{<user>}} (no key string, no temporary buffer per key); a value is its raw bytes, one copy
 * each, parsed by {@link OnlineDevices} without building strings. User ids are ASCII ({@code
 * [A-Za-z0-9._:@-]}, checked before any look-up), so a key's size is known exactly.
 */
final class LookupCodec implements RedisCodec<String, byte[]>, ToByteBufEncoder<String, byte[]> {

    static final LookupCodec INSTANCE = new LookupCodec();

    private static final byte[] PREFIX = "presence:{".getBytes(StandardCharsets.US_ASCII);
    private static final byte SUFFIX = '}';
    private static final byte[] EMPTY = new byte[0];

    private LookupCodec() {}

    @Override
    public void encodeKey(String user, ByteBuf target) {
        target.writeBytes(PREFIX);
        target.writeCharSequence(user, StandardCharsets.US_ASCII);
        target.writeByte(SUFFIX);
    }

    @Override
    public void encodeValue(byte[] value, ByteBuf target) {
        target.writeBytes(value);
    }

    @Override
    public int estimateSize(Object keyOrValue) {
        if (keyOrValue instanceof String user) {
            return PREFIX.length + user.length() + 1;
        }
        return keyOrValue instanceof byte[] bytes ? bytes.length : 0;
    }

    @Override
    public boolean isEstimateExact() {
        return true;
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        return StandardCharsets.US_ASCII.decode(bytes).toString();
    }

    @Override
    public byte[] decodeValue(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            return EMPTY;
        }
        byte[] value = new byte[bytes.remaining()];
        bytes.get(value);
        return value;
    }

    @Override
    public ByteBuffer encodeKey(String user) {
        ByteBuffer key = ByteBuffer.allocate(estimateSize(user));
        key.put(PREFIX).put(user.getBytes(StandardCharsets.US_ASCII)).put(SUFFIX);
        return key.flip();
    }

    @Override
    public ByteBuffer encodeValue(byte[] value) {
        return ByteBuffer.wrap(value);
    }
}
