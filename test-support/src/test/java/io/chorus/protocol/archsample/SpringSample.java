package io.chorus.protocol.archsample;

import org.springframework.util.Assert;

/** Architecture-rule sample: Spring inside the protocol module (forbidden). */
public class SpringSample {

    public void check(Object value) {
        Assert.notNull(value, "value");
    }
}
