package io.chorus.presence.device;

import io.chorus.presence.PresenceKeys;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Users' presence strings in Redis, many users per command: a look-up is one {@code MGET} per
 * {@value #READ_CHUNK} users and a batch one {@code EVALSHA} of {@code presence/apply-batch.lua} per
 * {@value #WRITE_CHUNK} users, all queued on a dedicated connection and sent with a single flush, so a
 * request costs one round trip and a handful of commands whatever its size. With a Redis Cluster client
 * (users on several shards) it falls back to one command per user through the shared template.
 */
@Component
class UserStateRedis implements DisposableBean {

    static final int READ_CHUNK = 1_000;
    static final int WRITE_CHUNK = 100;
    private static final int FALLBACK_CONCURRENCY = 256;
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

    private final LettuceConnectionFactory factory;
    private final ReactiveStringRedisTemplate redis;
    private final String script;
    private final RedisScript<List> fallbackScript;
    private final String sha;
    /** The Redis command timeout ({@code spring.data.redis.timeout}), at most {@link #MAX_TIMEOUT}. */
    private final Duration timeout;

    private volatile StatefulRedisConnection<String, String> connection;
    /** Look-ups only, with {@link LookupCodec}: keys written from user ids, values as raw bytes. */
    private volatile StatefulRedisConnection<String, byte[]> lookupConnection;

    private volatile boolean standalone = true;

    UserStateRedis(LettuceConnectionFactory factory, ReactiveStringRedisTemplate redis) {
        this.factory = factory;
        this.redis = redis;
        this.script = load("presence/apply-batch.lua");
        this.fallbackScript = RedisScript.of(script, List.class);
        this.sha = fallbackScript.getSha1();
        long configured = factory.getTimeout();
        this.timeout =
                configured > 0 && configured < MAX_TIMEOUT.toMillis() ? Duration.ofMillis(configured) : MAX_TIMEOUT;
    }

    /** The value of each key, in the order given ({@code null} for a missing key). */
    Mono<List<String>> read(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return connection()
                .flatMap(open -> open.isEmpty() ? readOneByOne(keys) : readPipelined(open.get(), keys))
                .timeout(timeout);
    }

    /**
     * The stored value of each user ({@code presence:{<user>}}) as raw bytes, in the order given (missing
     * keys included), one {@code MGET} per {@value #READ_CHUNK} users; user ids must be valid ids (ASCII).
     */
    Mono<RawValues> readRaw(List<String> users) {
        if (users.isEmpty()) {
            return Mono.just(new RawValues(0));
        }
        StatefulRedisConnection<String, byte[]> current = lookupConnection;
        Mono<Optional<StatefulRedisConnection<String, byte[]>>> open = current != null && current.isOpen()
                ? Mono.just(Optional.of(current))
                : standalone
                        ? Mono.fromCallable(this::connectLookup).subscribeOn(Schedulers.boundedElastic())
                        : Mono.just(Optional.empty());
        return open.flatMap(connection ->
                        connection.isEmpty() ? readOneByOneRaw(users) : readRawPipelined(connection.get(), users))
                .timeout(timeout);
    }

    private static Mono<RawValues> readRawPipelined(StatefulRedisConnection<String, byte[]> open, List<String> users) {
        RedisAsyncCommands<String, byte[]> commands = open.async();
        List<CompletableFuture<RawValues>> chunks = new ArrayList<>();
        for (int from = 0; from < users.size(); from += READ_CHUNK) {
            List<String> chunk = users.subList(from, Math.min(users.size(), from + READ_CHUNK));
            chunks.add(commands.dispatch(CommandType.MGET, new ValuesOutput(chunk.size()), new MgetArgs(chunk))
                    .toCompletableFuture());
        }
        open.flushCommands();
        if (chunks.size() == 1) {
            return Mono.fromFuture(chunks.get(0));
        }
        return Mono.fromFuture(CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)))
                .then(Mono.fromCallable(() -> {
                    RawValues all = new RawValues(users.size());
                    for (CompletableFuture<RawValues> chunk : chunks) {
                        all.addAll(chunk.join());
                    }
                    return all;
                }));
    }

    /** An {@code MGET} reply copied into one {@link RawValues}. */
    private static final class ValuesOutput extends CommandOutput<String, byte[], RawValues> {

        ValuesOutput(int size) {
            super(LookupCodec.INSTANCE, new RawValues(size));
        }

        @Override
        public void set(ByteBuffer bytes) {
            output.add(bytes);
        }
    }

    private Mono<RawValues> readOneByOneRaw(List<String> users) {
        List<String> keys = new ArrayList<>(users.size());
        users.forEach(user -> keys.add(PresenceKeys.user(user)));
        return readOneByOne(keys).map(values -> {
            RawValues raw = new RawValues(values.size());
            values.forEach(value -> raw.add(value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
            return raw;
        });
    }

    /**
     * Runs {@code apply-batch.lua} over {@code keys} with one delta per key.
     *
     * @param keys the users' keys
     * @param head the arguments before the deltas (instance, live and dead instances)
     * @param deltas one delta per key
     * @return per key its value before and after ({@code null} for absent) and {@code "1"} when someone follows
     *     the user, else {@code "0"}: {@code 3 * keys.size()} values
     */
    Mono<List<String>> apply(List<String> keys, List<String> head, List<String> deltas) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return connection()
                .flatMap(open -> open.isEmpty()
                        ? applyOneByOne(keys, head, deltas)
                        : applyPipelined(open.get(), keys, head, deltas))
                .timeout(timeout);
    }

    private Mono<List<String>> readPipelined(StatefulRedisConnection<String, String> open, List<String> keys) {
        RedisAsyncCommands<String, String> commands = open.async();
        List<CompletableFuture<List<String>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += READ_CHUNK) {
            String[] chunk =
                    keys.subList(from, Math.min(keys.size(), from + READ_CHUNK)).toArray(String[]::new);
            chunks.add(commands.mget(chunk)
                    .thenApply(values -> {
                        List<String> plain = new ArrayList<>(values.size());
                        values.forEach(value -> plain.add(value.getValueOrElse(null)));
                        return plain;
                    })
                    .toCompletableFuture());
        }
        open.flushCommands();
        return joined(chunks);
    }

    private Mono<List<String>> applyPipelined(
            StatefulRedisConnection<String, String> open, List<String> keys, List<String> head, List<String> deltas) {
        RedisAsyncCommands<String, String> commands = open.async();
        List<CompletableFuture<List<String>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += WRITE_CHUNK) {
            int to = Math.min(keys.size(), from + WRITE_CHUNK);
            String[] chunkKeys = keys.subList(from, to).toArray(String[]::new);
            String[] args = arguments(head, deltas.subList(from, to));
            RedisFuture<List<String>> sent = commands.evalsha(sha, ScriptOutputType.MULTI, chunkKeys, args);
            chunks.add(sent.exceptionallyCompose(error -> unlessMissing(open, error, chunkKeys, args))
                    .toCompletableFuture());
        }
        open.flushCommands();
        return joined(chunks);
    }

    /** After a Redis restart (script cache empty) sends the script itself once. */
    private CompletionStage<List<String>> unlessMissing(
            StatefulRedisConnection<String, String> open, Throwable error, String[] keys, String[] args) {
        if (!(unwrap(error) instanceof RedisNoScriptException)) {
            return CompletableFuture.failedFuture(error);
        }
        RedisFuture<List<String>> retried = open.async().eval(script, ScriptOutputType.MULTI, keys, args);
        open.flushCommands();
        return retried;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String[] arguments(List<String> head, List<String> deltas) {
        String[] args = new String[head.size() + deltas.size()];
        int i = 0;
        for (String arg : head) {
            args[i++] = arg;
        }
        for (String delta : deltas) {
            args[i++] = delta;
        }
        return args;
    }

    private static Mono<List<String>> joined(List<CompletableFuture<List<String>>> chunks) {
        return Mono.fromFuture(CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)))
                .then(Mono.fromCallable(() -> {
                    List<String> all = new ArrayList<>();
                    for (CompletableFuture<List<String>> chunk : chunks) {
                        all.addAll(chunk.join());
                    }
                    return all;
                }));
    }

    private Mono<List<String>> readOneByOne(List<String> keys) {
        return Flux.fromIterable(keys)
                .flatMapSequential(
                        key -> redis.opsForValue().get(key).map(List::of).defaultIfEmpty(missing()),
                        FALLBACK_CONCURRENCY)
                .collectList()
                .map(UserStateRedis::flatten);
    }

    @SuppressWarnings("unchecked")
    private Mono<List<String>> applyOneByOne(List<String> keys, List<String> head, List<String> deltas) {
        return Flux.range(0, keys.size())
                .flatMapSequential(
                        i -> redis.execute(
                                        fallbackScript,
                                        List.of(keys.get(i)),
                                        List.of(arguments(head, List.of(deltas.get(i)))))
                                .next()
                                .map(result -> (List<String>) result),
                        FALLBACK_CONCURRENCY)
                .collectList()
                .map(UserStateRedis::flatten);
    }

    private static List<String> missing() {
        List<String> one = new ArrayList<>(1);
        one.add(null);
        return one;
    }

    private static List<String> flatten(List<List<String>> parts) {
        List<String> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    /** The dedicated pipelining connection, or empty with a cluster client. */
    private Mono<Optional<StatefulRedisConnection<String, String>>> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (!standalone) {
            return Mono.just(Optional.empty());
        }
        if (current != null && current.isOpen()) {
            return Mono.just(Optional.of(current));
        }
        return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized Optional<StatefulRedisConnection<String, String>> connect() {
        if (connection != null && connection.isOpen()) {
            return Optional.of(connection);
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (!(client instanceof RedisClient standaloneClient)) {
            standalone = false;
            return Optional.empty();
        }
        StatefulRedisConnection<String, String> previous = connection;
        StatefulRedisConnection<String, String> opened = standaloneClient.connect(StringCodec.UTF8);
        opened.setAutoFlushCommands(false);
        connection = opened;
        if (previous != null) {
            previous.closeAsync();
        }
        return Optional.of(opened);
    }

    private synchronized Optional<StatefulRedisConnection<String, byte[]>> connectLookup() {
        if (lookupConnection != null && lookupConnection.isOpen()) {
            return Optional.of(lookupConnection);
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (!(client instanceof RedisClient standaloneClient)) {
            standalone = false;
            return Optional.empty();
        }
        StatefulRedisConnection<String, byte[]> previous = lookupConnection;
        StatefulRedisConnection<String, byte[]> opened = standaloneClient.connect(LookupCodec.INSTANCE);
        opened.setAutoFlushCommands(false);
        lookupConnection = opened;
        if (previous != null) {
            previous.closeAsync();
        }
        return Optional.of(opened);
    }

    private static String load(String path) {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    @Override
    public void destroy() {
        // the client may have closed them already when it stopped (Lettuce warns about closing them twice)
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            current.close();
        }
        StatefulRedisConnection<String, byte[]> lookups = lookupConnection;
        if (lookups != null && lookups.isOpen()) {
            lookups.close();
        }
    }
}
