package io.chorus.room.chat;

import io.chorus.protocol.ChatAccepted;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.aggregation.RoomAggregator;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.room.RoomRequests;
import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.shedding.ShedReason;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat ingestion, the same for the internal API (WebSocket {@code chat} frames) and the REST API:
 *
 * <ol>
 *   <li>validate the text (empty, too long, control characters) and run the moderation filter, in process;
 *   <li>take a permit of this instance's bulkhead for the sender's priority: when the low-priority one is
 *       full, chatter is shed at once (ack {@code shed: true}) while high priority still has room; the
 *       refusing checks (room, ban, subscriber-only, emote-only) still run, read-only;
 *   <li>admit it in Redis (a retry of an accepted message by client message id, room state, ban,
 *       subscriber-only, emote-only, slow mode, rate limit);
 *   <li>assign id, acceptance time and priority, and wait for its room's window to be decided.
 * </ol>
 */
@Service
public class ChatIngestion {

    static final String LOW_BULKHEAD = "chat-low";
    static final String HIGH_BULKHEAD = "chat-high";

    private final ChatText chatText;
    private final ModerationFilter moderation;
    private final ChatAdmission admission;
    private final RoomAggregator aggregator;
    private final ChatMetrics metrics;
    private final RoomProperties properties;
    private final Bulkhead lowBulkhead;
    private final Bulkhead highBulkhead;
    private final Clock clock = Clock.systemUTC();

    public ChatIngestion(
            ChatText chatText,
            ModerationFilter moderation,
            ChatAdmission admission,
            RoomAggregator aggregator,
            ChatMetrics metrics,
            RoomProperties properties,
            BulkheadRegistry bulkheads) {
        this.chatText = chatText;
        this.moderation = moderation;
        this.admission = admission;
        this.aggregator = aggregator;
        this.metrics = metrics;
        this.properties = properties;
        this.lowBulkhead = bulkheads.bulkhead(LOW_BULKHEAD);
        this.highBulkhead = bulkheads.bulkhead(HIGH_BULKHEAD);
    }

    /** Accepted ({@code shed} tells whether it reaches anyone), or an error with a {@link ProblemException}. */
    public Mono<ChatAccepted> submit(String room, Caller sender, String text) {
        return submit(room, sender, text, null, false);
    }

    /**
     * As {@link #submit(String, Caller, String)}, with the client's message id (or {@code null}): a retry of an
     * accepted message (same id, same text, within {@code chat.idempotency-ttl}) gets the original ack and is
     * never delivered twice. Another text under the same id is refused with 409 when
     * {@code conflictOnOtherText} (the REST {@code Idempotency-Key}), else it is a new message (a WebSocket
     * client may reuse request ids).
     */
    public Mono<ChatAccepted> submit(
            String room, Caller sender, String text, String clientMsgId, boolean conflictOnOtherText) {
        return Mono.defer(() -> checked(room, sender, text, clientMsgId, conflictOnOtherText))
                .doOnError(ProblemException.class, problem -> metrics.rejected(problem.code()));
    }

    private Mono<ChatAccepted> checked(
            String room, Caller sender, String rawText, String clientMsgId, boolean conflictOnOtherText) {
        if (!room.matches(RoomRequests.ID_PATTERN)) {
            return Mono.error(ProblemException.roomNotFound(room));
        }
        if (clientMsgId != null && !ClientMessageIds.valid(clientMsgId)) {
            return Mono.error(ProblemException.badRequest(
                    "a client message id has 1 to " + ClientMessageIds.MAX_LENGTH + " visible ASCII characters"));
        }
        String text = chatText.validate(rawText);
        if (!sender.has(Caller.SYSTEM) && !moderation.allows(text)) {
            return Mono.error(new ProblemException(
                    ErrorCode.MODERATED, HttpStatus.BAD_REQUEST, "the message was refused by moderation"));
        }
        boolean mayBeHigh = sender.moderatesAll() || sender.has(Caller.STREAMER);
        boolean emoteOnly = chatText.isEmoteOnly(text);
        long now = clock.millis();
        String msgId = MessageIds.next(now);
        ChatAdmission.Idempotency idempotency = clientMsgId == null
                ? null
                : new ChatAdmission.Idempotency(
                        RoomKeys.idempotency(room, sender.user(), clientMsgId),
                        msgId,
                        ClientMessageIds.fingerprint(text),
                        conflictOnOtherText);
        return admission
                .admit(room, sender, emoteOnly, idempotency)
                .flatMap(decision -> decision instanceof ChatAdmission.Retry retry
                        ? retried(retry, idempotency)
                        : enqueue(room, sender, text, msgId, now, (ChatAdmission.Admitted) decision, idempotency))
                .transformDeferred(BulkheadOperator.of(mayBeHigh ? highBulkhead : lowBulkhead))
                .onErrorResume(BulkheadFullException.class, full -> overloaded(room, sender, emoteOnly, mayBeHigh));
    }

    private Mono<ChatAccepted> enqueue(
            String room,
            Caller sender,
            String text,
            String msgId,
            long now,
            ChatAdmission.Admitted admitted,
            ChatAdmission.Idempotency idempotency) {
        Priority prio = admitted.owner() || sender.moderatesAll() ? Priority.HIGH : Priority.LOW;
        RoomMessage message = new RoomMessage(msgId, sender.user(), sender.name(), text, now, prio);
        metrics.accepted(prio);
        int budget = admitted.budgetPerSecond() > 0
                ? admitted.budgetPerSecond()
                : properties.budget().perSecond();
        return aggregator
                .submit(room, budget, message, idempotency == null ? null : idempotency.record())
                .timeout(properties.chat().ackTimeout())
                .onErrorMap(TimeoutException.class, timeout -> unavailable())
                .map(shed -> new ChatAccepted(message.msgId(), shed));
    }

    /**
     * A retry of an accepted message: its original ack. While the original's window is undecided (its ack may
     * have been lost, or answered 503 after the ack timeout), wait for the decision up to the ack timeout.
     */
    private Mono<ChatAccepted> retried(ChatAdmission.Retry retry, ChatAdmission.Idempotency idempotency) {
        metrics.retried();
        if (retry.shed() != null) {
            return Mono.just(new ChatAccepted(retry.msgId(), retry.shed()));
        }
        Duration every = properties.aggregation().window();
        return Flux.interval(every, every)
                .concatMap(tick -> admission.decided(idempotency.record()))
                .next()
                .timeout(properties.chat().ackTimeout())
                .onErrorMap(TimeoutException.class, timeout -> unavailable())
                .map(decided -> new ChatAccepted(decided.msgId(), decided.shed()));
    }

    /**
     * This instance is overloaded: chatter is shed before it is admitted, high priority is refused (503); but
     * the checks that refuse a sender outright (no room, closed, banned or timed out, subscriber-only,
     * emote-only) still answer, so a banned user learns it is banned, never that its message was shed.
     */
    private Mono<ChatAccepted> overloaded(String room, Caller sender, boolean emoteOnly, boolean mayBeHigh) {
        return admission.check(room, sender, emoteOnly).flatMap(allowed -> {
            if (mayBeHigh) {
                return Mono.error(unavailable());
            }
            metrics.shed(ShedReason.OVERLOAD, Priority.LOW, 1);
            return Mono.just(new ChatAccepted(MessageIds.next(clock.millis()), true));
        });
    }

    private static ProblemException unavailable() {
        return new ProblemException(
                ErrorCode.UNAVAILABLE,
                HttpStatus.SERVICE_UNAVAILABLE,
                "chat is overloaded, retry later",
                Duration.ofSeconds(1));
    }
}
