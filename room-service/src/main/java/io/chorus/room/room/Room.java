package io.chorus.room.room;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A live room as the REST API shows it.
 *
 * @param id the room id
 * @param title the title
 * @param streamer the user id of the streamer who created it
 * @param state {@code live} or {@code closed}
 * @param createdAt epoch millis of creation
 * @param viewers the live viewer count from presence-service; absent when presence did not answer in time
 * @param settings the chat settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Room(
        String id, String title, String streamer, String state, long createdAt, Long viewers, RoomSettings settings) {

    public boolean live() {
        return "live".equals(state);
    }

    public Room withViewers(Long count) {
        return new Room(id, title, streamer, state, createdAt, count, settings);
    }
}
