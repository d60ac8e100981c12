package io.chorus.presence.web;

import io.chorus.presence.device.Locations;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a look-up's answer, {@code {"users":{"<user>":[{"device":"..","instance":".."}]}}} (online users
 * only, in the order asked), with a streaming generator straight into the response buffer: no object tree,
 * no intermediate byte array. Device and instance ids are copied from Redis's bytes (escaped if ever needed).
 */
final class LocationsJson {

    /** Bytes of one online user with one device and typical ids; the buffer grows past it if needed. */
    private static final int BYTES_PER_USER = 48;

    private static final int MAX_INITIAL = 256 * 1024;
    private static final SerializedString USERS = new SerializedString("users");
    private static final SerializedString DEVICE = new SerializedString("device");
    private static final SerializedString INSTANCE = new SerializedString("instance");

    private LocationsJson() {}

    static DataBuffer write(Locations locations, JsonMapper json, DataBufferFactory buffers) {
        DataBuffer buffer = buffers.allocateBuffer(Math.min(MAX_INITIAL, 32 + locations.size() * BYTES_PER_USER));
        try (JsonGenerator out = json.createGenerator(buffer.asOutputStream())) {
            out.writeStartObject();
            out.writeName(USERS);
            out.writeStartObject();
            locations.visitOnline(new Locations.Visitor() {
                @Override
                public void user(String user) {
                    out.writeName(user);
                    out.writeStartArray();
                }

                @Override
                public void device(
                        byte[] value, int deviceFrom, int deviceLength, int instanceFrom, int instanceLength) {
                    out.writeStartObject();
                    out.writeName(DEVICE);
                    out.writeUTF8String(value, deviceFrom, deviceLength);
                    out.writeName(INSTANCE);
                    out.writeUTF8String(value, instanceFrom, instanceLength);
                    out.writeEndObject();
                }

                @Override
                public void endUser() {
                    out.writeEndArray();
                }
            });
            out.writeEndObject();
            out.writeEndObject();
        } catch (RuntimeException | Error e) {
            DataBufferUtils.release(buffer);
            throw e;
        }
        return buffer;
    }
}
