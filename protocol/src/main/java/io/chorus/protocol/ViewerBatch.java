package io.chorus.protocol;

import java.util.List;
import java.util.Map;

/**
 * Internal request from a connection-service instance to presence-service
 * ({@code POST /internal/rooms/viewers}): the viewers seen per room, for the room's rotating HyperLogLog
 * windows. An instance sends its joiners as they join and re-announces every local viewer once per
 * window, so a viewer who stays is counted in every window.
 *
 * @param rooms room id -> user ids
 */
public record ViewerBatch(Map<String, List<String>> rooms) {}
