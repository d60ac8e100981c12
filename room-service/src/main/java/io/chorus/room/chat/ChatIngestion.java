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
import reactor.core.publisher.Mono;

/**
 * Chat ingestion, the same for the internal API (WebSocket {@code chat} frames) and the REST API:
 *
 * <ol>
 *   <li>validate the text (empty, too long, control characters) and run the moderation filter, in process;
 *   <li>take a permit of this instance's bulkhead for the sender's priority: when the low-priority one is
 *       full, chatter is shed at once (ack {@code shed: true}) while high priority still has room;
 *   <li>admit it in Redis (room state, ban, subscriber-only, emote-only, slow mode, rate limit);
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
        return Mono.defer(() -> checked(room, sender, text))
                .doOnError(ProblemException.class, problem -> metrics.rejected(problem.code()));
    }

    private Mono<ChatAccepted> checked(String room, Caller sender, String rawText) {
        if (!room.matches(RoomRequests.ID_PATTERN)) {
            return Mono.error(ProblemException.roomNotFound(room));
        }
        String text = chatText.validate(rawText);
        if (!sender.has(Caller.SYSTEM) && !moderation.allows(text)) {
            return Mono.error(new ProblemException(
                    ErrorCode.MODERATED, HttpStatus.BAD_REQUEST, "the message was refused by moderation"));
        }
        boolean mayBeHigh = sender.moderatesAll() || sender.has(Caller.STREAMER);
        boolean emoteOnly = chatText.isEmoteOnly(text);
        return admission
                .admit(room, sender, emoteOnly)
                .flatMap(admitted -> enqueue(room, sender, text, admitted))
                .transformDeferred(BulkheadOperator.of(mayBeHigh ? highBulkhead : lowBulkhead))
                .onErrorResume(BulkheadFullException.class, full -> overloaded(mayBeHigh));
    }

    private Mono<ChatAccepted> enqueue(String room, Caller sender, String text, ChatAdmission.Admitted admitted) {
        Priority prio = admitted.owner() || sender.moderatesAll() ? Priority.HIGH : Priority.LOW;
        long now = clock.millis();
        RoomMessage message = new RoomMessage(MessageIds.next(now), sender.user(), sender.name(), text, now, prio);
        metrics.accepted(prio);
        int budget = admitted.budgetPerSecond() > 0
                ? admitted.budgetPerSecond()
                : properties.budget().perSecond();
        return aggregator
                .submit(room, budget, message)
                .timeout(properties.chat().ackTimeout())
                .onErrorMap(TimeoutException.class, timeout -> unavailable())
                .map(shed -> new ChatAccepted(message.msgId(), shed));
    }

    /** This instance is overloaded: chatter is shed before it costs anything; high priority is refused. */
    private Mono<ChatAccepted> overloaded(boolean mayBeHigh) {
        if (mayBeHigh) {
            return Mono.error(unavailable());
        }
        metrics.shed(ShedReason.OVERLOAD, Priority.LOW, 1);
        return Mono.just(new ChatAccepted(MessageIds.next(clock.millis()), true));
    }

    private static ProblemException unavailable() {
        return new ProblemException(
                ErrorCode.UNAVAILABLE,
                HttpStatus.SERVICE_UNAVAILABLE,
                "chat is overloaded, retry later",
                Duration.ofSeconds(1));
    }
}
