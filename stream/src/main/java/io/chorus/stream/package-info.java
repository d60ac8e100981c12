/**
 * The durable-stream shape (docs/adr/0005-durable-stream-sequencer.md), free of gift specifics so group chat
 * can reuse it: the Kafka partition owner of a key is the key's only sequencer; it recovers the stream's tail
 * from the store, appends each event at the next dense sequence number (idempotent on the event id), then
 * notifies, and only then commits the offsets.
 */
package io.chorus.stream;
