package io.chorus.client;

/**
 * Sees every text frame before it is decoded, with its receive time: the low-level hook of the load
 * generator. Returning {@code true} consumes the frame, so the client neither decodes it nor routes it (it
 * will not complete a request nor reach {@link ChorusClient#frames()}); return {@code false} for replies.
 *
 * <p>Called on the connection's event loop for every frame: keep it cheap, never block.
 */
@FunctionalInterface
public interface RawFrameListener {

    /**
     * @param text the frame's text (one JSON object)
     * @param receivedNanos {@link System#nanoTime()} when the frame was read
     * @return {@code true} to consume the frame
     */
    boolean onFrame(String text, long receivedNanos);
}
