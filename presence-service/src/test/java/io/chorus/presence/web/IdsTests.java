package io.chorus.presence.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdsTests {

    private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    @Test
    void acceptsExactlyTheDocumentedAlphabetAndLength() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 512; c++) {
            String one = String.valueOf(c);
            assertThat(Ids.valid(one))
                    .as("char %d", (int) c)
                    .isEqualTo(DOCUMENTED.matcher(one).matches());
            every.append(c);
        }
        for (String id : new String[] {"", "a".repeat(64), "a".repeat(65), "u-1@x.y:z_2", "a;b", "a=b", "a b"}) {
            assertThat(Ids.valid(id)).as(id).isEqualTo(DOCUMENTED.matcher(id).matches());
        }
        assertThat(Ids.valid(null)).isFalse();
        assertThat(Ids.valid(every.toString())).isFalse();
    }
}
