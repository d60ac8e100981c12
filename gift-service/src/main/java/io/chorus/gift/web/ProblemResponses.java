package io.chorus.gift.web;

import io.chorus.protocol.ErrorCode;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the problem+json bodies of gift-service: {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}. */
public final class ProblemResponses {

    private static final String TYPE_PREFIX = "https://chorus.io/problems/";

    private ProblemResponses() {}

    public static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code.code()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.code());
        return problem;
    }

    public static ResponseEntity<ProblemDetail> entity(HttpStatus status, ErrorCode code, String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, code, detail));
    }
}
