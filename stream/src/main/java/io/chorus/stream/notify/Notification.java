package io.chorus.stream.notify;

import io.chorus.protocol.ServerFrame;

/** A frame for every online device of one user. */
public record Notification(String user, ServerFrame frame) {}
