package io.chorus.group.cycleb;

import io.chorus.group.cyclea.CycleA;

/** Architecture-rule sample: the other half of a package cycle. */
public class CycleB {

    public CycleA other() {
        return new CycleA();
    }
}
