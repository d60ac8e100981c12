package io.chorus.gift.archsample;

import io.chorus.room.archsample.RoomSample;

/** Architecture-rule sample: gift code reaching into room code (forbidden). */
public class GiftSample {

    public String roomName() {
        return new RoomSample().name();
    }
}
