package io.chorus.room.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One room's open aggregation window on this instance. Memory is bounded: high-priority messages up to the
 * batch size (a full window flushes at once), low-priority candidates up to the room's burst, because no
 * window can deliver more chatter than that; later chatter of the window is shed at once (the tail goes
 * first). Guarded by its own monitor.
 */
final class RoomWindow {

    enum Added {
        /** Waits for the flush. */
        KEPT,
        /** Waits for the flush, and the window is full: flush now. */
        FULL,
        /** Chatter beyond what this window can deliver: shed now. */
        SHED
    }

    final String room;
    final List<Pending> high = new ArrayList<>();
    final List<Pending> low = new ArrayList<>();
    int budgetPerSecond;
    int burst;
    boolean closed;
    ScheduledFuture<?> timer;

    RoomWindow(String room, int budgetPerSecond, int burst) {
        this.room = room;
        this.budgetPerSecond = budgetPerSecond;
        this.burst = burst;
    }

    Added add(Pending pending, int maxBatchSize) {
        if (pending.high()) {
            high.add(pending);
        } else if (low.size() >= burst) {
            return Added.SHED;
        } else {
            low.add(pending);
        }
        return high.size() + low.size() >= maxBatchSize ? Added.FULL : Added.KEPT;
    }
}
