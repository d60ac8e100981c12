package io.chorus.loadgen.fanout;

/**
 * Publishes probe messages into the room. Never blocks the pacing thread: publishing is asynchronous, with
 * a bounded number in flight; what cannot be published is counted as rejected in the step's ledger.
 */
interface Publisher extends AutoCloseable {

    /**
     * Publishes probes {@code firstSeq .. firstSeq + count - 1} of a step.
     *
     * @param step the ledger index (0: warm-up)
     */
    void publish(int step, long firstSeq, int count);

    /** How many messages one {@link #publish} call should carry. */
    int batchSize();

    @Override
    void close();
}
