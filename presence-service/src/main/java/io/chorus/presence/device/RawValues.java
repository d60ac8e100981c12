package io.chorus.presence.device;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The values of one {@code MGET}, copied as they are decoded into one growing byte array (an arena) with their
 * ranges, rather than one array per value: a look-up of thousands of users makes a handful of objects.
 */
final class RawValues {

    private byte[] bytes;
    private int[] starts;
    private int[] ends;
    private int size;
    private int used;

    RawValues(int expected) {
        this.bytes = new byte[Math.max(64, expected * 24)];
        this.starts = new int[Math.max(1, expected)];
        this.ends = new int[Math.max(1, expected)];
    }

    /** Appends a value; {@code null} is a missing key. */
    void add(ByteBuffer value) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        if (value == null) {
            starts[size] = -1;
            ends[size++] = -1;
            return;
        }
        int length = value.remaining();
        if (used + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
        }
        value.get(bytes, used, length);
        starts[size] = used;
        used += length;
        ends[size++] = used;
    }

    /** Appends a value; {@code null} is a missing key. */
    void add(byte[] value) {
        add(value == null ? null : ByteBuffer.wrap(value));
    }

    /** Appends every value of {@code other}. */
    void addAll(RawValues other) {
        for (int i = 0; i < other.size; i++) {
            add(other.starts[i] < 0 ? null : ByteBuffer.wrap(other.bytes, other.starts[i], other.length(i)));
        }
    }

    int size() {
        return size;
    }

    /** The array holding every value; value {@code i} is {@code [start(i), start(i) + length(i))}. */
    byte[] bytes() {
        return bytes;
    }

    /** Where value {@code i} starts, or -1 when its key was missing. */
    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }
}
