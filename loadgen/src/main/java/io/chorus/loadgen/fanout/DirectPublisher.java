package io.chorus.loadgen.fanout;

import io.chorus.client.FrameCodec;
import io.chorus.protocol.Channels;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.ServerFrame;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.ObjectWriter;

/**
 * Publishes straight into the room's Redis channel ({@code SPUBLISH} on {@link Channels#room}) a {@code
 * room.batch} frame of {@code batchSize} probes, as the route layer would after aggregation: measures the
 * connection tier alone. {@code batchSize} 1 emulates aggregation off.
 */
final class DirectPublisher implements Publisher {

    private final String room;
    private final String channel;
    private final ProbeText probes;
    private final StepLedger[] ledgers;
    private final int batchSize;
    private final Priority priority;
    private final Semaphore inFlight;
    private final ClientResources resources;
    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> connection;
    private final ObjectWriter writer = FrameCodec.shared().mapper().writerFor(ServerFrame.class);

    DirectPublisher(
            String redisUri,
            String room,
            ProbeText probes,
            StepLedger[] ledgers,
            int batchSize,
            Priority priority,
            int maxInFlight) {
        this.room = room;
        this.channel = Channels.room(room);
        this.probes = probes;
        this.ledgers = ledgers;
        this.batchSize = batchSize;
        this.priority = priority;
        this.inFlight = new Semaphore(maxInFlight);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .build();
        this.redis = RedisClient.create(resources, RedisURI.create(redisUri));
        this.connection = redis.connect();
    }

    @Override
    public void publish(int step, long firstSeq, int count) {
        StepLedger ledger = ledgers[step];
        if (!inFlight.tryAcquire()) {
            ledger.rejected.add(count);
            ledger.failures.add("publisher saturated");
            return;
        }
        String payload = writer.writeValueAsString(batch(step, firstSeq, count));
        connection.async().spublish(channel, payload).whenComplete((receivers, error) -> {
            inFlight.release();
            if (error != null) {
                ledger.rejected.add(count);
                ledger.failures.add(error.getClass().getSimpleName());
            } else {
                ledger.sent.add(count);
            }
        });
    }

    private ServerFrame.RoomBatch batch(int step, long firstSeq, int count) {
        long now = System.currentTimeMillis();
        List<RoomMessage> msgs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            String text = probes.encode(step, seq, System.nanoTime());
            msgs.add(new RoomMessage("lgm-" + step + "-" + seq, "loadgen-publisher", "loadgen", text, now, priority));
        }
        return new ServerFrame.RoomBatch(room, msgs);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public void close() {
        connection.close();
        redis.shutdown();
        resources.shutdown();
    }
}
