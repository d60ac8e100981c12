package io.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.e2e.support.Chorus;
import io.chorus.e2e.support.Chorus.Service;
import io.chorus.e2e.support.DumpLogsOnFailure;
import io.chorus.e2e.support.Jwt;
import io.chorus.e2e.support.Poll;
import io.chorus.e2e.support.Rest;
import io.chorus.e2e.support.ServiceProcess;
import io.chorus.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Issue 5: a connection-service process killed with SIGKILL (no drain, no last presence report) takes its users
 * offline in presence-service within the instance lease TTL, while the users of the other instance stay online.
 */
@ExtendWith(DumpLogsOnFailure.class)
class PresenceAfterInstanceCrashIntegrationTests {

    /** presence-service's {@code chorus.presence.lease-ttl} (bundled default, not overridden in config-repo). */
    private static final Duration LEASE_TTL = Duration.ofSeconds(15);
    /** presence-service's {@code lease-cache-ttl}: the set of live instances may be this stale. */
    private static final Duration LEASE_CACHE_TTL = Duration.ofSeconds(1);

    /** How late a renewal sent before the kill may reach presence-service on a loaded machine. */
    private static final Duration RENEWAL_IN_FLIGHT = Duration.ofSeconds(10);

    @Test
    void usersOfAKilledInstanceGoOfflineWithinTheLeaseTtl() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess victim =
                Chorus.startExtra("connection-service", Chorus.connectionArguments("e2e-presence-victim-" + run));
        Chorus.require(Service.PRESENCE, Service.CONNECTION_A);
        victim.awaitHealthy(Duration.ofSeconds(240));
        ServiceProcess survivor = Chorus.get(Service.CONNECTION_A);

        List<String> onVictim = users("victim-" + run, 6);
        List<String> onSurvivor = users("survivor-" + run, 3);
        List<WsClient> victimSockets = new ArrayList<>();
        List<WsClient> survivorSockets = new ArrayList<>();
        try {
            for (String user : onVictim) {
                victimSockets.add(connected(victim, user));
            }
            for (String user : onSurvivor) {
                survivorSockets.add(connected(survivor, user));
            }
            List<String> everyone = new ArrayList<>(onVictim);
            everyone.addAll(onSurvivor);
            Poll.until(
                    () -> online(everyone),
                    online -> online.values().stream().allMatch(Boolean::booleanValue),
                    Duration.ofSeconds(20),
                    "every connected user online");

            long killedAt = System.nanoTime();
            long killedAtMillis = System.currentTimeMillis();
            victim.kill9();
            AtomicLong lastPollSentAt = new AtomicLong(killedAtMillis);
            AtomicLong onlineSeenUntil = new AtomicLong(killedAtMillis); // sent time of the last poll that saw online
            Map<String, Boolean> after = Poll.until(
                    () -> {
                        onlineSeenUntil.set(lastPollSentAt.get());
                        lastPollSentAt.set(System.currentTimeMillis());
                        return online(onVictim);
                    },
                    online -> online.values().stream().noneMatch(Boolean::booleanValue),
                    LEASE_TTL.plusSeconds(15),
                    "the killed instance's users offline");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            // their last seen is the instance's last lease renewal: before the kill, or just after it when a
            // renewal the instance sent before dying reached presence-service late (a loaded machine)
            long lastRenewal = 0;
            for (String user : onVictim) {
                JsonNode state = presence(user);
                long lastSeen = state.path("lastSeen").asLong(0);
                assertThat(lastSeen)
                        .as("lastSeen of %s", user)
                        .isPositive()
                        .isLessThanOrEqualTo(killedAtMillis + RENEWAL_IN_FLIGHT.toMillis());
                lastRenewal = Math.max(lastRenewal, lastSeen);
            }
            // the users went offline after the last poll that still saw them online was sent, and by the one that did
            // not: that earlier moment bounds the lapse from below, however slow the answers were
            long afterRenewalMillis = onlineSeenUntil.get() - lastRenewal;
            System.out.printf(
                    "presence e2e: %d users of the killed instance offline %d ms after SIGKILL; still online %d ms after"
                            + " the last lease renewal at the latest (lease TTL %d s)%n",
                    onVictim.size(), tookMillis, afterRenewalMillis, LEASE_TTL.toSeconds());

            // offline once the lease lapses: never seen online later than the TTL of its last renewal plus the cached
            // view of live instances
            assertThat(after).hasSize(onVictim.size());
            assertThat(afterRenewalMillis)
                    .isLessThanOrEqualTo(LEASE_TTL.plus(LEASE_CACHE_TTL).toMillis());
            // the other instance's users were never affected
            assertThat(online(onSurvivor))
                    .allSatisfy((user, online) -> assertThat(online).as(user).isTrue());
            // the killed instance's sockets are gone without a close frame
            for (WsClient socket : victimSockets) {
                assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1006);
            }
        } finally {
            victimSockets.forEach(WsClient::close);
            survivorSockets.forEach(WsClient::close);
            victim.stop();
        }
    }

    private static WsClient connected(ServiceProcess instance, String user) {
        WsClient socket = WsClient.connect(user, instance.webSocketUri(Jwt.user(user)));
        String ping = socket.send("ping");
        assertThat(socket.awaitReply(ping, Duration.ofSeconds(20)).path("type").asString())
                .isEqualTo("pong");
        return socket;
    }

    private static List<String> users(String prefix, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(prefix + "-u" + i);
        }
        return users;
    }

    private static Map<String, Boolean> online(List<String> users) {
        return users.stream()
                .collect(Collectors.toMap(
                        user -> user, user -> presence(user).path("online").asBoolean(false)));
    }

    private static JsonNode presence(String user) {
        Rest.Answer answer = Rest.get(Chorus.presence().baseUrl() + "/api/presence/" + user, Jwt.user("observer"));
        if (answer.status() != 200) {
            throw new IllegalStateException("presence of " + user + ": " + answer);
        }
        return answer.json();
    }
}
