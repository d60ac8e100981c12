package io.chorus.room.chat;

import io.chorus.protocol.ChatAccepted;
import io.chorus.room.web.Caller;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/rooms/{id}/messages} {text} (+ optional {@code Idempotency-Key}): 202 {msgId, shed}; the
 * same checks as a {@code chat} frame.
 */
@RestController
class ChatController {

    /** The body of a chat message. */
    record PostMessage(@NotNull String text) {}

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ChatIngestion ingestion;

    ChatController(ChatIngestion ingestion) {
        this.ingestion = ingestion;
    }

    /**
     * With an {@code Idempotency-Key}, a retry (same key, same text) gets the original answer and is not
     * delivered again; the same key with another text is refused with 409 {@code conflict}.
     */
    @PostMapping("/api/rooms/{id}/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ChatAccepted> post(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody Mono<PostMessage> body) {
        return body.flatMap(message -> ingestion.submit(id, Caller.of(jwt), message.text(), idempotencyKey, true));
    }
}
