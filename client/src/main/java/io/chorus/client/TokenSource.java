package io.chorus.client;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The access token of the next connection: a fixed one, or a fresh one from the application's provider. */
final class TokenSource {

    private final @Nullable Supplier<String> provider;
    private volatile @Nullable String current;

    TokenSource(@Nullable String token, @Nullable Supplier<String> provider) {
        this.current = token;
        this.provider = provider;
    }

    /** The token in use, asking the provider when there is none yet. */
    Mono<String> current() {
        String token = current;
        return token != null ? Mono.just(token) : refresh();
    }

    /** A fresh token from the provider (called off the event loop: it may block). */
    Mono<String> refresh() {
        Supplier<String> supplier = provider;
        if (supplier == null) {
            String token = current;
            return token != null
                    ? Mono.just(token)
                    : Mono.error(new ChorusConnectionException("no token and no token provider", 401));
        }
        return Mono.fromCallable(supplier::get)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(token -> current = token);
    }

    boolean canRefresh() {
        return provider != null;
    }
}
