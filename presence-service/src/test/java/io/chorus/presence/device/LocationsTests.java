package io.chorus.presence.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.DeviceLocation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The look-up's byte-level reading of stored values, against {@link StoredUser#present}. */
class LocationsTests {

    private static final Map<String, Instance> INSTANCES = Map.of(
            "i-live", new Instance("i-live", true, 900),
            "i-live-2", new Instance("i-live-2", true, 950),
            "i-dead", new Instance("i-dead", false, 500));

    @Test
    void visitsExactlyTheDevicesAPresenceReadWouldShow() {
        Random random = new Random(7);
        String[] holders = {"i-live", "i-live-2", "i-dead", "i-unknown", "i-liv"};
        List<String> users = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            users.add("u" + i);
            int kind = random.nextInt(10);
            if (kind == 0) {
                values.add(null); // never seen
            } else if (kind == 1) {
                values.add("" + random.nextInt(1_000_000)); // offline, last seen only
            } else {
                StringBuilder value = new StringBuilder(random.nextBoolean() ? "" : "12345");
                for (int d = random.nextInt(4); d >= 0; d--) {
                    value.append(';')
                            .append("dev")
                            .append(d)
                            .append('=')
                            .append(holders[random.nextInt(holders.length)]);
                }
                values.add(value.toString());
            }
        }

        Map<String, List<DeviceLocation>> visited = visit(users, values);

        Map<String, List<DeviceLocation>> expected = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            UserPresence presence = StoredUser.present(users.get(i), values.get(i), INSTANCES);
            if (presence.online()) {
                expected.put(users.get(i), presence.devices());
            }
        }
        assertThat(expected).isNotEmpty().hasSizeLessThan(users.size());
        assertThat(visited).containsExactlyEntriesOf(expected);
    }

    @Test
    void aRepeatedUserIsAskedAndAnsweredOnce() {
        List<String> users = List.of("a", "b", "a", "c", "b");

        assertThat(DevicePresenceStore.distinct(users)).containsExactly("a", "b", "c");
        List<String> distinct = List.of("a", "b", "c");
        assertThat(DevicePresenceStore.distinct(distinct)).isSameAs(distinct);
    }

    @Test
    void theMgetKeysAreWrittenAsRespBulkStrings() {
        ByteBuf buffer = Unpooled.buffer();
        MgetArgs args = new MgetArgs(List.of("u1", "user-1234567890"));

        args.encode(buffer);

        assertThat(args.count()).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.US_ASCII))
                .isEqualTo("$13\r\npresence:{u1}\r\n$26\r\npresence:{user-1234567890}\r\n");
        assertThat(StandardCharsets.US_ASCII.decode(args.getFirstEncodedKey()).toString())
                .isEqualTo("presence:{u1}");
    }

    private static Map<String, List<DeviceLocation>> visit(List<String> users, List<String> values) {
        RawValues raw = new RawValues(2);
        values.forEach(
                value -> raw.add(value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8))));
        Map<String, List<DeviceLocation>> visited = new LinkedHashMap<>();
        new Locations(users, raw, INSTANCES).visitOnline(new Locations.Visitor() {
            private List<DeviceLocation> current;

            @Override
            public void user(String user) {
                assertThat(visited).doesNotContainKey(user);
                current = new ArrayList<>();
                visited.put(user, current);
            }

            @Override
            public void device(byte[] value, int deviceFrom, int deviceLength, int instanceFrom, int instanceLength) {
                current.add(new DeviceLocation(
                        new String(value, deviceFrom, deviceLength, StandardCharsets.US_ASCII),
                        new String(value, instanceFrom, instanceLength, StandardCharsets.US_ASCII)));
            }

            @Override
            public void endUser() {
                assertThat(current).isNotEmpty();
                current = null;
            }
        });
        return visited;
    }
}
