package io.chorus.presence.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.DeviceLocation;
import io.chorus.protocol.PresenceBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePresenceStoreTests {

    @Test
    void coalescingKeepsTheLastEventOfEachDevice() {
        var events = List.of(
                new PresenceBatch.Event("u1", "phone", true, 1),
                new PresenceBatch.Event("u1", "phone", false, 2),
                new PresenceBatch.Event("u1", "laptop", true, 3),
                new PresenceBatch.Event("u2", "phone", true, 4),
                new PresenceBatch.Event("u1", "phone", true, 5));

        var byUser = DevicePresenceStore.coalesce(events);

        assertThat(byUser).containsOnlyKeys("u1", "u2");
        assertThat(byUser.get("u1")).containsOnlyKeys("phone", "laptop");
        assertThat(byUser.get("u1").get("phone").ts()).isEqualTo(5);
        assertThat(byUser.get("u1").get("phone").online()).isTrue();
    }

    @Test
    void devicesOnDeadInstancesAreOfflineAndLastSeenIsTheInstanceDeath() {
        var stored = StoredUser.decode("u1", "100;phone=i-dead;laptop=i-live");
        var instances = Map.of(
                "i-dead", new Instance("i-dead", false, 500),
                "i-live", new Instance("i-live", true, 900));

        UserPresence withLaptop = stored.view(instances);
        assertThat(withLaptop.devices()).containsExactly(new DeviceLocation("laptop", "i-live"));
        assertThat(withLaptop.lastSeen()).isNull();

        var phoneOnly = StoredUser.decode("u1", "100;phone=i-dead");
        UserPresence offline = phoneOnly.view(instances);
        assertThat(offline.online()).isFalse();
        assertThat(offline.lastSeen()).isEqualTo(500);
    }

    @Test
    void aUserNeverSeenHasNoLastSeen() {
        UserPresence unknown = StoredUser.decode("u9", null).view(Map.of());
        assertThat(unknown.online()).isFalse();
        assertThat(unknown.lastSeen()).isNull();
    }

    @Test
    void theStoredFormKeepsDevicesInOrderAndLastSeen() {
        var devices = new LinkedHashMap<String, String>();
        devices.put("phone", "conn-1");
        devices.put("laptop", "conn-2");
        var user = new StoredUser("u1", devices, 1_700_000_000_000L);

        assertThat(user.encode()).isEqualTo("1700000000000;phone=conn-1;laptop=conn-2");
        assertThat(StoredUser.decode("u1", user.encode())).isEqualTo(user);
        assertThat(StoredUser.decode("u1", ";a@b.c=conn:1").devices()).containsExactly(Map.entry("a@b.c", "conn:1"));
        assertThat(StoredUser.decode("u1", ";a@b.c=conn:1").lastSeen()).isNull();
        assertThat(StoredUser.decode("u1", "42").devices()).isEmpty();
        assertThat(StoredUser.decode("u1", "42").lastSeen()).isEqualTo(42);
    }

    @Test
    void aLookUpAnswersWhatTheDecodedViewAnswers() {
        var instances = Map.of(
                "i-dead", new Instance("i-dead", false, 500),
                "i-dead-later", new Instance("i-dead-later", false, 700),
                "i-live", new Instance("i-live", true, 900));
        for (String value : java.util.Arrays.asList(
                null,
                "",
                "100",
                ";phone=i-live",
                "100;phone=i-dead;laptop=i-live;tablet=i-unknown",
                "100;phone=i-dead;watch=i-dead-later",
                ";phone=i-dead",
                "800;phone=i-dead",
                ";phone=i-unknown")) {
            assertThat(StoredUser.present("u1", value, instances))
                    .as(value)
                    .isEqualTo(StoredUser.decode("u1", value).view(instances));
        }
    }

    @Test
    void aDeltaCarriesEveryDeviceAndTheLatestDisconnect() {
        var byUser = DevicePresenceStore.coalesce(List.of(
                new PresenceBatch.Event("u1", "phone", false, 7),
                new PresenceBatch.Event("u1", "laptop", true, 8),
                new PresenceBatch.Event("u1", "tablet", false, 5)));

        assertThat(DevicePresenceStore.delta(byUser.get("u1"))).isEqualTo("7;phone=0;laptop=1;tablet=0");
        assertThat(DevicePresenceStore.delta(Map.of("d", new PresenceBatch.Event("u2", "d", true, 9))))
                .isEqualTo("0;d=1");
    }

    @Test
    void theScriptHeadNamesTheReporterThenLiveThenDeadInstances() {
        var instances = Map.of(
                "me", new Instance("me", true, 1),
                "up", new Instance("up", true, 1),
                "gone", new Instance("gone", false, 1));

        assertThat(DevicePresenceStore.head("me", instances)).containsExactly("me", "1", "up", "1", "gone");
        assertThat(DevicePresenceStore.head("new", Map.of())).containsExactly("new", "0", "0");
    }
}
