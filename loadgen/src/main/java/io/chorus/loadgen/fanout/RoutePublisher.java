package io.chorus.loadgen.fanout;

import io.chorus.loadgen.connect.RoomApi;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Publishes through the route layer, one {@code POST /api/rooms/{room}/messages} per probe, from a
 * rotating set of publisher users (so that the per-user rate limit does not cap the rate): measures
 * ingestion, aggregation, the delivery budget and the connection tier together. A 202 whose body says
 * {@code shed} was dropped by the room's budget and is not expected at the viewers.
 */
final class RoutePublisher implements Publisher {

    private final RoomApi api;
    private final String room;
    private final ProbeText probes;
    private final StepLedger[] ledgers;
    private final List<String> tokens;
    private final Semaphore inFlight;
    private long next;

    RoutePublisher(
            RoomApi api, String room, ProbeText probes, StepLedger[] ledgers, List<String> tokens, int maxInFlight) {
        this.api = api;
        this.room = room;
        this.probes = probes;
        this.ledgers = ledgers;
        this.tokens = tokens;
        this.inFlight = new Semaphore(maxInFlight);
    }

    @Override
    public void publish(int step, long firstSeq, int count) {
        for (int i = 0; i < count; i++) {
            publishOne(step, firstSeq + i);
        }
    }

    private void publishOne(int step, long seq) {
        StepLedger ledger = ledgers[step];
        if (!inFlight.tryAcquire()) {
            ledger.rejected.increment();
            ledger.failures.add("publisher saturated");
            return;
        }
        String token = tokens.get((int) (next++ % tokens.size()));
        api.postMessage(room, probes.encode(step, seq, System.nanoTime()), token)
                .doFinally(signal -> inFlight.release())
                .subscribe(
                        reply -> {
                            if (!reply.accepted()) {
                                ledger.rejected.increment();
                                ledger.failures.add("status:" + reply.status() + " " + code(reply.body()));
                            } else if (reply.shed()) {
                                ledger.shed.increment();
                            } else {
                                ledger.sent.increment();
                            }
                        },
                        error -> {
                            ledger.rejected.increment();
                            ledger.failures.add(error.getClass().getSimpleName());
                        });
    }

    /** The problem detail's {@code code}, or an empty string. */
    static String code(String body) {
        int key = body.indexOf("\"code\":\"");
        if (key < 0) {
            return "";
        }
        int start = key + 8;
        int end = body.indexOf('"', start);
        return end < 0 ? "" : body.substring(start, end);
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public void close() {
        api.close();
    }
}
