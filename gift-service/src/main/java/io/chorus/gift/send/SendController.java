package io.chorus.gift.send;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/rooms/{room}/gifts}: 201 with the receipt once the gift is durable in Kafka. */
@RestController
class SendController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final GiftSender sender;

    SendController(GiftSender sender) {
        this.sender = sender;
    }

    @PostMapping("/api/rooms/{room}/gifts")
    Mono<ResponseEntity<GiftReceipt>> send(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String room,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody SendRequest request) {
        var who = new GiftSender.Sender(jwt.getSubject(), jwt.getClaimAsString("name"));
        return sender.send(who, room, idempotencyKey, request)
                .map(receipt -> ResponseEntity.status(HttpStatus.CREATED).body(receipt));
    }
}
