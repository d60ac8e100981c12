package io.chorus.presence.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.DeviceLocation;
import io.chorus.protocol.PresenceBatch;
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
        var stored = StoredUser.of("u1", Map.of("d:phone", "i-dead", "d:laptop", "i-live", "seen", "100"));
        var instances = Map.of(
                "i-dead", new Instance("i-dead", false, 500),
                "i-live", new Instance("i-live", true, 900));

        UserPresence withLaptop = stored.view(instances);
        assertThat(withLaptop.devices()).containsExactly(new DeviceLocation("laptop", "i-live"));
        assertThat(withLaptop.lastSeen()).isNull();

        var phoneOnly = StoredUser.of("u1", Map.of("d:phone", "i-dead", "seen", "100"));
        UserPresence offline = phoneOnly.view(instances);
        assertThat(offline.online()).isFalse();
        assertThat(offline.lastSeen()).isEqualTo(500);
    }

    @Test
    void aUserNeverSeenHasNoLastSeen() {
        UserPresence unknown = StoredUser.of("u9", Map.of()).view(Map.of());
        assertThat(unknown.online()).isFalse();
        assertThat(unknown.lastSeen()).isNull();
    }
}
