package io.chorus.presence.web;

import io.chorus.protocol.ErrorCode;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request failed for a reason the client can act on: rendered as problem+json with a {@code code}. */
public class ApiException extends ErrorResponseException {

    /** Problem types name the error code, as in every service: {@code https://chorus.io/problems/<code>}. */
    static final String TYPE_BASE = "https://chorus.io/problems/";

    public ApiException(HttpStatus status, ErrorCode code, String detail) {
        super(status, problem(status, code, detail), null);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, detail);
    }

    static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code.code()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.code());
        return problem;
    }
}
