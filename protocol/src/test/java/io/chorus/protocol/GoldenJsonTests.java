package io.chorus.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every frame and event of the contract, decoded from a golden JSON file into the expected record and
 * encoded back into the same JSON.
 */
class GoldenJsonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RoomMessage HI = new RoomMessage("m1", "u1", "Ann", "hi", 1767225600000L, Priority.LOW);

    static Map<String, ClientFrame> clientFrames() {
        return Map.of(
                "join", new ClientFrame.Join("r1", "lobby"),
                "leave", new ClientFrame.Leave("r2", "lobby"),
                "chat", new ClientFrame.Chat("r3", "lobby", "hello 👋"),
                "ping", new ClientFrame.Ping(null),
                "read", new ClientFrame.Read("r4", "g:42", 17L),
                "typing", new ClientFrame.Typing(null, "g:42"));
    }

    static Map<String, ServerFrame> serverFrames() {
        return Map.ofEntries(
                Map.entry("joined", new ServerFrame.Joined("r1", "lobby", 1204L, List.of(HI), 7L)),
                Map.entry("left", new ServerFrame.Left("r2", "lobby")),
                Map.entry("ack", new ServerFrame.Ack("r3", "m9", true)),
                Map.entry("error", new ServerFrame.Error("r3", ErrorCode.RATE_LIMITED, "at most 1 message per second")),
                Map.entry("pong", new ServerFrame.Pong("p1")),
                Map.entry(
                        "room.batch",
                        new ServerFrame.RoomBatch(
                                "lobby",
                                List.of(
                                        HI,
                                        new RoomMessage(
                                                "m2", "s1", "Streamer", "welcome", 1767225600010L, Priority.HIGH)))),
                Map.entry(
                        "gift", new ServerFrame.Gift("lobby", 3, "g-1", "u1", "Ann", "s1", "rose", 5, 1767225600000L)),
                Map.entry("notify", new ServerFrame.Notify("g:42", 18)),
                Map.entry("cursor", new ServerFrame.Cursor("g:42", 17)),
                Map.entry("typing", new ServerFrame.Typing("g:42", "u2")),
                Map.entry("room.closed", new ServerFrame.RoomClosed("lobby")),
                Map.entry("room.retracted", new ServerFrame.Retracted("lobby", "m1")),
                Map.entry("presence", new ServerFrame.Presence("u2", false, 1767225600000L)));
    }

    static List<String> clientNames() {
        return List.copyOf(clientFrames().keySet());
    }

    static List<String> serverNames() {
        return List.copyOf(serverFrames().keySet());
    }

    @ParameterizedTest
    @MethodSource("clientNames")
    void clientFrameRoundTrips(String name) throws IOException {
        String golden = golden("client/" + name + ".json");
        ClientFrame decoded = JSON.readValue(golden, ClientFrame.class);
        assertThat(decoded).isEqualTo(clientFrames().get(name));
        assertThat(tree(JSON.writeValueAsString(decoded))).isEqualTo(tree(golden));
    }

    @ParameterizedTest
    @MethodSource("serverNames")
    void serverFrameRoundTrips(String name) throws IOException {
        String golden = golden("server/" + name + ".json");
        ServerFrame decoded = JSON.readValue(golden, ServerFrame.class);
        assertThat(decoded).isEqualTo(serverFrames().get(name));
        assertThat(tree(JSON.writeValueAsString(decoded))).isEqualTo(tree(golden));
    }

    @Test
    void giftSentRoundTrips() throws IOException {
        String golden = golden("events/GiftSent.json");
        GiftSent decoded = JSON.readValue(golden, GiftSent.class);
        assertThat(decoded)
                .isEqualTo(new GiftSent("g-1", "lobby", "u1", "Ann", "s1", "rose", 5, "k-1", 1767225600000L));
        assertThat(tree(JSON.writeValueAsString(decoded))).isEqualTo(tree(golden));
    }

    @Test
    void userDeliveryRoundTrips() throws IOException {
        String golden = golden("events/UserDelivery.json");
        UserDelivery decoded = JSON.readValue(golden, UserDelivery.class);
        assertThat(decoded).isEqualTo(new UserDelivery(List.of("u1", "u2"), new ServerFrame.Notify("g:42", 18)));
        assertThat(tree(JSON.writeValueAsString(decoded))).isEqualTo(tree(golden));
    }

    @Test
    void everyFrameTypeHasAGoldenFile() {
        assertThat(ClientFrame.class.getPermittedSubclasses())
                .hasSize(clientFrames().size());
        assertThat(ServerFrame.class.getPermittedSubclasses())
                .hasSize(serverFrames().size());
    }

    @Test
    void unknownTypeIsRejected() {
        assertThatThrownBy(() -> JSON.readValue("{\"type\":\"explode\"}", ClientFrame.class))
                .hasMessageContaining("explode");
    }

    @Test
    void unknownErrorCodeDecodesAsInternal() {
        ServerFrame frame = JSON.readValue("{\"type\":\"error\",\"code\":\"from_the_future\"}", ServerFrame.class);
        assertThat(frame).isEqualTo(new ServerFrame.Error(null, ErrorCode.INTERNAL, null));
    }

    @Test
    void roomChannelNamesRoundTrip() {
        assertThat(Channels.room("lobby")).isEqualTo("room:{lobby}");
        assertThat(Channels.roomOf(Channels.room("lobby"))).isEqualTo("lobby");
        assertThat(Channels.roomOf("instance:{a}:deliveries")).isNull();
    }

    @Test
    void closeCodesAreDistinct() {
        for (CloseCode code : CloseCode.values()) {
            assertThat(CloseCode.of(code.code())).isSameAs(code);
        }
    }

    private static String golden(String path) throws IOException {
        try (InputStream in = GoldenJsonTests.class.getResourceAsStream("/golden/" + path)) {
            assertThat(in).as("golden file %s", path).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
