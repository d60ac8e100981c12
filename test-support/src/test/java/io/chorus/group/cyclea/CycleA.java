package io.chorus.group.cyclea;

import io.chorus.group.cycleb.CycleB;

/** Architecture-rule sample: one half of a package cycle. */
public class CycleA {

    public CycleB other() {
        return new CycleB();
    }
}
