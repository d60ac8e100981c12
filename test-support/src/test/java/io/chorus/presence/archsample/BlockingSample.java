package io.chorus.presence.archsample;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Architecture-rule sample: blocking on reactive types (forbidden in main code). */
public class BlockingSample {

    public Integer one() {
        return Mono.just(1).block();
    }

    public Integer first() {
        return Flux.just(1, 2).blockFirst();
    }
}
