/**
 * A Java client for the Chorus WebSocket protocol (docs/protocol.md), built on reactor-netty.
 *
 * <p>{@link io.chorus.client.ChorusClient} is the entry point: one instance per connection. It correlates
 * requests and replies by a generated {@code id}, times out every request, reconnects following the close
 * code's rule ({@link io.chorus.protocol.CloseCode#reconnect()}), rejoins the rooms it had joined, and
 * reports gaps in the dense gift and conversation sequences so that the application pulls what it missed.
 *
 * <p>Package-private classes are internals, not API.
 */
@NullMarked
package io.chorus.client;

import org.jspecify.annotations.NullMarked;
