package io.chorus.gateway.problem;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request body grew past the gateway's limit while it streamed (no or a false Content-Length). */
public class PayloadTooLargeException extends ResponseStatusException {

    public PayloadTooLargeException(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, "the request body exceeds " + limit + " bytes");
    }
}
