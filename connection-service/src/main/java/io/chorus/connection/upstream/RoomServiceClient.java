package io.chorus.connection.upstream;

import io.chorus.protocol.ChatAccepted;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.RoomSnapshot;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls room-service's internal API (docs/protocol.md, internal section):
 * {@code GET /internal/rooms/{room}/snapshot} for joins and {@code POST /internal/rooms/{room}/messages} for
 * chat. Every call has a timeout and goes through room-service's circuit breaker ({@link UpstreamGuard}); no
 * method errors: failures become {@link JoinSnapshot.State#UNKNOWN} or {@link ErrorCode#UNAVAILABLE}.
 */
public final class RoomServiceClient {

    private static final Logger log = LoggerFactory.getLogger(RoomServiceClient.class);

    /** The outcome of a chat submission. */
    public sealed interface ChatResult permits Accepted, Rejected {}

    /** Accepted for delivery ({@code shed}: accepted but dropped by the room's budget). */
    public record Accepted(String msgId, boolean shed) implements ChatResult {}

    /** Refused, with the contract code room-service gave, or {@code unavailable}. */
    public record Rejected(ErrorCode code, String message) implements ChatResult {}

    /** The room part of a join snapshot. */
    public record RoomState(JoinSnapshot.State state, List<RoomMessage> recent) {
        static final RoomState UNKNOWN = new RoomState(JoinSnapshot.State.UNKNOWN, List.of());
    }

    private final WebClient web;
    private final UpstreamGuard guard;
    private final JsonMapper mapper;
    private final Duration snapshotTimeout;
    private final Duration chatTimeout;

    public RoomServiceClient(
            WebClient web, UpstreamGuard guard, JsonMapper mapper, Duration snapshotTimeout, Duration chatTimeout) {
        this.web = web;
        this.guard = guard;
        this.mapper = mapper;
        this.snapshotTimeout = snapshotTimeout;
        this.chatTimeout = chatTimeout;
    }

    public Mono<RoomState> snapshot(String room) {
        return guard.call(
                () -> web.get()
                        .uri("/internal/rooms/{room}/snapshot", room)
                        .accept(MediaType.APPLICATION_JSON)
                        .exchangeToMono(this::toRoomState)
                        .timeout(snapshotTimeout),
                error -> unknown(room, error));
    }

    public Mono<ChatResult> submit(ChatSubmitted chat) {
        return guard.call(
                () -> web.post()
                        .uri("/internal/rooms/{room}/messages", chat.room())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(mapper.writeValueAsBytes(chat))
                        .exchangeToMono(this::toChatResult)
                        .timeout(chatTimeout),
                error -> unavailable(chat.room(), error));
    }

    private Mono<RoomState> toRoomState(ClientResponse response) {
        if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().thenReturn(new RoomState(JoinSnapshot.State.NOT_FOUND, List.of()));
        }
        if (response.statusCode().is5xxServerError()) {
            return response.releaseBody().then(Mono.error(failed(response)));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().thenReturn(RoomState.UNKNOWN);
        }
        return response.bodyToMono(byte[].class).map(this::parseRoomState).defaultIfEmpty(RoomState.UNKNOWN);
    }

    private RoomState parseRoomState(byte[] body) {
        RoomSnapshot snapshot = mapper.readValue(body, RoomSnapshot.class);
        JoinSnapshot.State state = snapshot.closed() ? JoinSnapshot.State.CLOSED : JoinSnapshot.State.LIVE;
        return new RoomState(state, snapshot.recent() == null ? List.of() : List.copyOf(snapshot.recent()));
    }

    private Mono<ChatResult> toChatResult(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is5xxServerError()) {
            return response.releaseBody().then(Mono.error(failed(response)));
        }
        return response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(body -> status >= 200 && status < 300 ? accepted(body) : rejected(status, body));
    }

    private ChatResult accepted(byte[] body) {
        ChatAccepted accepted = mapper.readValue(body, ChatAccepted.class);
        return new Accepted(accepted.msgId(), accepted.shed());
    }

    private ChatResult rejected(int status, byte[] body) {
        if (status >= 500 || body.length == 0) {
            return new Rejected(ErrorCode.UNAVAILABLE, "room-service unavailable");
        }
        try {
            JsonNode problem = mapper.readTree(body);
            ErrorCode code = ErrorCode.fromCode(problem.path("code").asString(""));
            String detail =
                    problem.path("detail").asString(problem.path("title").asString(code.code()));
            return new Rejected(code, detail);
        } catch (JacksonException e) {
            return new Rejected(ErrorCode.UNAVAILABLE, "room-service answered " + status);
        }
    }

    private static UpstreamUnavailableException failed(ClientResponse response) {
        return new UpstreamUnavailableException(
                "room-service answered " + response.statusCode().value());
    }

    private static Mono<RoomState> unknown(String room, Throwable error) {
        log.debug("room snapshot unavailable: room={} error={}", room, error.toString());
        return Mono.just(RoomState.UNKNOWN);
    }

    private static Mono<ChatResult> unavailable(String room, Throwable error) {
        log.debug("chat submission failed: room={} error={}", room, error.toString());
        return Mono.just(new Rejected(ErrorCode.UNAVAILABLE, "room-service unavailable, retry later"));
    }
}
