package io.chorus.room.web;

import io.chorus.protocol.ErrorCode;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem details as the contract wants them: {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}. */
public final class Problems {

    private static final String TYPE_BASE = "https://chorus.io/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return withCode(problem, code);
    }

    /** Adds {@code code} (and a matching {@code type}) to a problem built elsewhere. */
    public static ProblemDetail withCode(ProblemDetail problem, ErrorCode code) {
        problem.setType(URI.create(TYPE_BASE + code.code()));
        problem.setProperty("code", code.code());
        return problem;
    }

    /** The code that fits a status when no more specific one is known. */
    public static ErrorCode codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400, 405, 406, 415 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }
}
