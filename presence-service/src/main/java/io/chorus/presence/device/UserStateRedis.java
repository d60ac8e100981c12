package io.chorus.presence.device;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads many user hashes in one pipeline: every HGETALL of a request is queued on a dedicated connection
 * and sent with a single flush, instead of one write and flush per user. A look-up of 1,000 users is then
 * one round trip. With a Redis Cluster client (keys on several shards) it falls back to one command per
 * key through the shared template.
 */
@Component
class PipelinedHashReader implements DisposableBean {

    private static final int FALLBACK_CONCURRENCY = 256;

    private final LettuceConnectionFactory factory;
    private final ReactiveStringRedisTemplate redis;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean standalone = true;

    PipelinedHashReader(LettuceConnectionFactory factory, ReactiveStringRedisTemplate redis) {
        this.factory = factory;
        this.redis = redis;
    }

    /** The hash of each key, in the order given (empty for a missing key). */
    Mono<List<Map<String, String>>> readAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        if (!standalone) {
            return oneByOne(keys);
        }
        return connection().flatMap(open -> open == null ? oneByOne(keys) : pipelined(open, keys));
    }

    private Mono<List<Map<String, String>>> pipelined(StatefulRedisConnection<String, String> open, List<String> keys) {
        RedisAsyncCommands<String, String> commands = open.async();
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(keys.size());
        for (String key : keys) {
            futures.add(commands.hgetall(key));
        }
        open.flushCommands();
        CompletableFuture<Void> all = CompletableFuture.allOf(
                futures.stream().map(future -> future.toCompletableFuture()).toArray(CompletableFuture[]::new));
        return Mono.fromFuture(all).then(Mono.fromCallable(() -> results(futures)));
    }

    private static List<Map<String, String>> results(List<RedisFuture<Map<String, String>>> futures) {
        List<Map<String, String>> hashes = new ArrayList<>(futures.size());
        for (RedisFuture<Map<String, String>> future : futures) {
            hashes.add(future.toCompletableFuture().join());
        }
        return hashes;
    }

    private Mono<List<Map<String, String>>> oneByOne(List<String> keys) {
        return Flux.fromIterable(keys)
                .flatMapSequential(
                        key -> redis.<String, String>opsForHash()
                                .entries(key)
                                .collectMap(Map.Entry::getKey, Map.Entry::getValue),
                        FALLBACK_CONCURRENCY)
                .collectList();
    }

    private Mono<StatefulRedisConnection<String, String>> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            return Mono.just(current);
        }
        return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized StatefulRedisConnection<String, String> connect() {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (!(client instanceof RedisClient standaloneClient)) {
            standalone = false;
            return null;
        }
        StatefulRedisConnection<String, String> opened = standaloneClient.connect(StringCodec.UTF8);
        opened.setAutoFlushCommands(false);
        connection = opened;
        return opened;
    }

    @Override
    public void destroy() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
