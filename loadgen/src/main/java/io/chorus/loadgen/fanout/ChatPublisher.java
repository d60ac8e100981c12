package io.chorus.loadgen.fanout;

import io.chorus.client.ChorusClient;
import io.chorus.loadgen.connect.Connections;
import java.time.Duration;
import java.util.List;

/**
 * Publishes through the route layer with {@code chat} frames over the WebSocket, from publisher
 * connections joined to the room (rotating, for the per-user rate limit). An ack with {@code shed} was
 * dropped by the room's budget and is not expected at the viewers.
 */
final class ChatPublisher implements Publisher {

    private final List<ChorusClient> publishers;
    private final String room;
    private final ProbeText probes;
    private final StepLedger[] ledgers;
    private long next;

    ChatPublisher(List<ChorusClient> publishers, String room, ProbeText probes, StepLedger[] ledgers) {
        if (publishers.isEmpty()) {
            throw new IllegalArgumentException("no publisher connection");
        }
        this.publishers = publishers;
        this.room = room;
        this.probes = probes;
        this.ledgers = ledgers;
    }

    @Override
    public void publish(int step, long firstSeq, int count) {
        StepLedger ledger = ledgers[step];
        for (int i = 0; i < count; i++) {
            ChorusClient publisher = publishers.get((int) (next++ % publishers.size()));
            publisher
                    .chat(room, probes.encode(step, firstSeq + i, System.nanoTime()))
                    .subscribe(
                            ack -> {
                                if (Boolean.TRUE.equals(ack.shed())) {
                                    ledger.shed.increment();
                                } else {
                                    ledger.sent.increment();
                                }
                            },
                            error -> {
                                ledger.rejected.increment();
                                ledger.failures.add(error);
                            });
        }
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public void close() {
        Connections.closeAll(publishers, 256, Duration.ofSeconds(10));
    }
}
