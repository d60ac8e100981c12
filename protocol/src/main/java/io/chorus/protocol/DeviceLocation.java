package io.chorus.protocol;

/**
 * One online device of a user and the connection-service instance holding it, as returned by presence
 * look-ups for fan-out.
 */
public record DeviceLocation(String device, String instance) {}
