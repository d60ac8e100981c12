package io.chorus.room.chat;

import io.chorus.protocol.ChatAccepted;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/rooms/{room}/messages} ({@link ChatSubmitted} -> 200 {@link ChatAccepted}), called by
 * connection-service for {@code chat} frames. The caller presents the user's own token, or a service token
 * (role {@code system} or {@code service}) to speak for the user named in the body; with the user's own token
 * the roles are the token's, never the body's. {@code clientMsgId} (the frame's {@code id}) makes a retry
 * answer the original ack; another text under the same id is a new message (clients may reuse request ids).
 */
@RestController
class InternalChatController {

    private final ChatIngestion ingestion;

    InternalChatController(ChatIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @PostMapping("/internal/rooms/{room}/messages")
    Mono<ChatAccepted> submit(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String room, @RequestBody Mono<ChatSubmitted> body) {
        return body.flatMap(submitted -> sender(jwt, room, submitted))
                .flatMap(sender -> ingestion.submit(room, sender.caller(), sender.text(), sender.clientMsgId(), false));
    }

    private record Sender(Caller caller, String text, String clientMsgId) {}

    private static Mono<Sender> sender(Jwt jwt, String room, ChatSubmitted submitted) {
        if (submitted.user() == null || submitted.user().isBlank()) {
            return Mono.error(ProblemException.badRequest("user is required"));
        }
        if (submitted.room() != null && !submitted.room().equals(room)) {
            return Mono.error(ProblemException.badRequest("room in the body differs from the path"));
        }
        Caller presenter = Caller.of(jwt);
        if (!presenter.isService() && !presenter.user().equals(submitted.user())) {
            return Mono.error(ProblemException.forbidden("only a service token may submit for another user"));
        }
        if (presenter.isService()) {
            return Mono.just(new Sender(
                    new Caller(submitted.user(), submitted.name(), submitted.roles()),
                    submitted.text(),
                    submitted.clientMsgId()));
        }
        String name = submitted.name() != null ? submitted.name() : presenter.name();
        return Mono.just(new Sender(
                new Caller(presenter.user(), name, presenter.roles()), submitted.text(), submitted.clientMsgId()));
    }
}
