/**
 * The Chorus wire contract: client frames (WebSocket), Kafka event records, Redis channel payloads,
 * error and close codes, channel, key and topic names.
 *
 * <p>This module depends on Jackson annotations only. Every service and client speaks through these
 * types, so a rename here is a protocol change: add, never rename or drop (docs/protocol.md).
 */
package io.chorus.protocol;
