package io.chorus.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Machine-readable error codes, shared by WebSocket {@code error} frames and REST problem details. */
public enum ErrorCode {
    // contract v1
    ROOM_NOT_FOUND("room_not_found"),
    ROOM_CLOSED("room_closed"),
    BANNED("banned"),
    BAD_REQUEST("bad_request"),
    RATE_LIMITED("rate_limited"),
    SLOW_MODE("slow_mode"),
    NOT_JOINED("not_joined"),
    MODERATED("moderated"),
    // additions (docs/protocol.md)
    /** The frame was not valid JSON or not a JSON object. */
    MALFORMED("malformed"),
    /** The frame's {@code type} is missing or unknown. */
    UNKNOWN_TYPE("unknown_type"),
    /** The frame exceeded the size limit. */
    TOO_LARGE("too_large"),
    /** Too many joined rooms, or too many requests in flight on one connection. */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** Subscriber-only room and the caller is not a subscriber. */
    SUBSCRIBERS_ONLY("subscribers_only"),
    /** The caller is not authenticated. */
    UNAUTHORIZED("unauthorized"),
    /** The caller lacks the role for this action. */
    FORBIDDEN("forbidden"),
    /** The resource does not exist. */
    NOT_FOUND("not_found"),
    /** The request conflicts with the current state (an id taken, an idempotency key reused). */
    CONFLICT("conflict"),
    /** A downstream service did not answer in time or is unavailable; retry later. */
    UNAVAILABLE("unavailable"),
    /** An unexpected server error; retry later. */
    INTERNAL("internal");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** The code for a wire value, or {@link #INTERNAL} when unknown (forward compatibility). */
    @JsonCreator
    public static ErrorCode fromCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        return INTERNAL;
    }
}
