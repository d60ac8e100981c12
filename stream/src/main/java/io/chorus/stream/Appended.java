package io.chorus.stream;

/**
 * An event stored at its sequence number.
 *
 * @param record what the listeners get
 * @param eventId the event's id (the idempotency key of the append)
 * @param seq the event's dense sequence number in its stream
 * @param redelivered {@code true} when the event was already stored (Kafka redelivered it) and kept its number
 */
public record Appended<R>(R record, String eventId, long seq, boolean redelivered) {}
