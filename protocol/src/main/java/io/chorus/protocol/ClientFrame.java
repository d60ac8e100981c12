package io.chorus.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame sent by a client over the WebSocket. Requests may carry an {@code id} (at most 64 chars) that
 * the direct reply echoes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ClientFrame.Leave.class, name = "leave"),
    @JsonSubTypes.Type(value = ClientFrame.Chat.class, name = "chat"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientFrame
        permits ClientFrame.Join,
                ClientFrame.Leave,
                ClientFrame.Chat,
                ClientFrame.Ping,
                ClientFrame.Read,
                ClientFrame.Typing {

    /** Longest accepted request id. */
    int MAX_ID_LENGTH = 64;

    /** The request id echoed by the direct reply, or {@code null}. */
    String id();

    /** Join a live room; answered by {@code joined} or {@code error}. */
    record Join(String id, String room) implements ClientFrame {}

    /** Leave a live room; answered by {@code left}. */
    record Leave(String id, String room) implements ClientFrame {}

    /** Send chat into a joined room; answered by {@code ack} or {@code error}. */
    record Chat(String id, String room, String text) implements ClientFrame {}

    /** Application-level heartbeat; answered by {@code pong}. */
    record Ping(String id) implements ClientFrame {}

    /** Move the caller's read cursor in a conversation; answered by {@code ack}. */
    record Read(String id, String conv, Long seq) implements ClientFrame {}

    /** The caller is typing in a conversation; no reply. */
    record Typing(String id, String conv) implements ClientFrame {}
}
