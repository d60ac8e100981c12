package io.chorus.loadgen.churn;

import io.chorus.client.ChorusClient;
import io.chorus.client.ConnectionState;
import io.chorus.client.RawFrameListener;

/**
 * One pooled connection's cycle state, and its raw frame listener: churn replies go to its {@link ChurnLane}
 * (on the connection's event loop), other pushed frames are dropped undecoded, {@code pong} and foreign
 * {@code error} frames go on to the client. Its fields belong to the lane's loop.
 */
final class ChurnConnection implements RawFrameListener {

    static final byte IDLE = 0;
    static final byte JOINING = 1;
    static final byte HOLDING = 2;
    static final byte LEAVING = 3;
    /** Dropped, or timed out: out of the pool for good. */
    static final byte DEAD = 4;

    /** How the churn writes to a connection. */
    interface Link {

        /** Writes a text frame; {@code false} when it cannot (not connected, outbound buffer full). */
        boolean send(String text);

        boolean connected();

        static Link of(ChorusClient client) {
            return new Link() {
                @Override
                public boolean send(String text) {
                    return client.sendRaw(text);
                }

                @Override
                public boolean connected() {
                    return client.state() == ConnectionState.CONNECTED;
                }
            };
        }
    }

    private volatile ChurnLane lane;
    Link link;
    byte phase = IDLE;
    /** The id of the last request sent ({@code c-<seq>}). */
    long seq;

    int room;
    long sentNanos;

    /** Joins the lane: from now on the lane's loop owns this connection. */
    void bind(Link link, ChurnLane lane) {
        this.link = link;
        this.lane = lane;
    }

    @Override
    public boolean onFrame(String text, long receivedNanos) {
        int kind = ChurnFrames.kind(text);
        if (kind == ChurnFrames.PASS) {
            return false;
        }
        if (kind == ChurnFrames.IGNORE) {
            return true;
        }
        ChurnLane owner = lane;
        if (owner != null) {
            owner.reply(this, kind, text, receivedNanos);
        }
        return true;
    }
}
