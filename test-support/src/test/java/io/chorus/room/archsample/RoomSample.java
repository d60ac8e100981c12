package io.chorus.room.archsample;

/** Architecture-rule sample: a clean class. */
public class RoomSample {

    public String name() {
        return "room";
    }
}
