package io.chorus.gift.web;

import io.chorus.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * A request failed for a reason the caller can act on; rendered as {@code application/problem+json} with
 * the machine-readable {@code code}.
 */
public class GiftProblem extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;

    public GiftProblem(HttpStatus status, ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static GiftProblem badRequest(String detail) {
        return new GiftProblem(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, detail);
    }

    public static GiftProblem conflict(String detail) {
        return new GiftProblem(HttpStatus.CONFLICT, ErrorCode.CONFLICT, detail);
    }

    public static GiftProblem unavailable(String detail) {
        return new GiftProblem(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }
}
