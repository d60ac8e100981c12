package io.chorus.connection.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scanner that reads flat frames without a parser must decide exactly as the parser does: for random
 * frames (valid, almost valid, mutated, truncated), {@code decode} and {@code decodeWithParser} give equal
 * results, and the scanner takes a real share of them.
 */
class FrameScannerEquivalenceTests {

    private static final String[] NAMES = {
        "id", "type", "room", "text", "conv", "seq", "x", "typ", "types", "ty\\u0070e", "r\u00f6om", ""
    };
    private static final String[] TYPES = {"join", "leave", "chat", "ping", "read", "typing", "explode", ""};
    private static final String[] STRINGS = {
        "r-1",
        "room.a_b:c",
        "",
        " ",
        "hello world",
        "a{b}",
        "tab\\there",
        "quote\\\"d",
        "\\u0041",
        "caf\u00e9",
        "\u263a",
        "x".repeat(65),
        "y".repeat(129),
        "slash\\/",
        "back\\\\slash"
    };
    private static final String[] NUMBERS = {
        "0", "-0", "7", "-1", "42", "123456789012345678", "-123456789012345678", "1234567890123456789",
        "99999999999999999999", "01", "-", "1.5", "1e3", "2E-1", "-.5", "+1"
    };
    private static final String[] OTHER = {
        "null", "true", "false", "nul", "nulls", "{}", "[]", "[1,{\"y\":2}]", "{\"a\":{\"b\":[null]}}", "tru", "NaN"
    };
    private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};

    /** Built on the mapper Spring Boot gives the service, so the parser side is the one deployed. */
    private final FrameDecoder decoder = new FrameDecoder(BootJsonMapper.get(), 500);

    @Test
    void scannerAndParserAgreeOnRandomFrames() {
        SplittableRandom random = new SplittableRandom(20261123);
        int scanned = 0;
        int accepted = 0;
        int cases = 200_000;
        List<String> disagreements = new ArrayList<>();
        for (int n = 0; n < cases; n++) {
            byte[] frame = mutate(random, frame(random).getBytes(StandardCharsets.UTF_8));
            FrameDecoder.Fields scannedFields = FrameDecoder.scan(frame);
            if (scannedFields != null) {
                scanned++;
                FrameDecoder.Fields parsedFields = decoder.parseFields(frame);
                if ((parsedFields == null || !same(scannedFields, parsedFields)) && disagreements.size() < 10) {
                    disagreements.add(new String(frame, StandardCharsets.UTF_8) + " -> fields differ");
                }
            }
            FrameDecoder.Decoded fast = decoder.decode(frame);
            FrameDecoder.Decoded parsed = decoder.decodeWithParser(frame);
            if (fast instanceof FrameDecoder.Accepted) {
                accepted++;
            }
            if (!fast.equals(parsed) && disagreements.size() < 10) {
                disagreements.add(new String(frame, StandardCharsets.UTF_8) + " -> " + fast + " vs " + parsed);
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(scanned).isBetween(cases / 5, cases * 4 / 5); // both paths well exercised
        assertThat(accepted).isGreaterThan(cases / 50); // and thousands get as far as a request
    }

    @Test
    void bootsAndTheDefaultMapperLetTheScannerWorkAStricterOneDoesNot() {
        assertThat(FrameDecoder.agreesWithScanner(BootJsonMapper.get())).isTrue();
        assertThat(FrameDecoder.agreesWithScanner(JsonMapper.builder().build())).isTrue();
        JsonMapper strict = JsonMapper.builder()
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        assertThat(FrameDecoder.agreesWithScanner(strict)).isFalse();
        FrameDecoder strictDecoder = new FrameDecoder(strict, 500);
        byte[] duplicate = bytes("{\"type\":\"ping\",\"type\":\"ping\"}");
        assertThat(strictDecoder.decode(duplicate)).isEqualTo(strictDecoder.decodeWithParser(duplicate));
        assertThat(strictDecoder.decode(duplicate)).isInstanceOf(FrameDecoder.Rejection.class);
    }

    @Test
    void namesAndStringsBeyondTheScannersLimitsGoToTheParser() {
        String longName = "a".repeat(FrameDecoder.MAX_SCANNED_NAME + 1);
        String hugeName = "a".repeat(50_001); // beyond Jackson's default name limit: the parser rejects it
        String longText = "t".repeat(FrameDecoder.MAX_SCANNED_STRING + 1);
        for (String frame : List.of(
                "{\"type\":\"ping\",\"" + longName + "\":0}",
                "{\"type\":\"ping\",\"" + hugeName + "\":0}",
                "{\"type\":\"chat\",\"room\":\"r\",\"text\":\"" + longText + "\"}")) {
            byte[] payload = bytes(frame);
            assertThat(FrameDecoder.scan(payload)).isNull();
            assertThat(decoder.decode(payload)).isEqualTo(decoder.decodeWithParser(payload));
        }
        assertThat(decoder.decode(bytes("{\"type\":\"ping\",\"" + hugeName + "\":0}")))
                .isInstanceOf(FrameDecoder.Rejection.class);
    }

    private static boolean same(FrameDecoder.Fields a, FrameDecoder.Fields b) {
        return java.util.Objects.equals(a.id, b.id)
                && java.util.Objects.equals(a.type, b.type)
                && java.util.Objects.equals(a.room, b.room)
                && java.util.Objects.equals(a.text, b.text)
                && java.util.Objects.equals(a.conv, b.conv)
                && java.util.Objects.equals(a.seq, b.seq);
    }

    @Test
    void theFramesClientsSendMostAreScanned() {
        assertThat(FrameDecoder.scan(bytes("{\"type\":\"join\",\"id\":\"17\",\"room\":\"r-1\"}")))
                .isNotNull();
        assertThat(FrameDecoder.scan(bytes("{\"type\":\"leave\",\"id\":\"18\",\"room\":\"r-1\"}")))
                .isNotNull();
        assertThat(FrameDecoder.scan(bytes("{ \"type\" : \"read\", \"conv\" : \"g\", \"seq\" : 12 }")))
                .isNotNull();
        assertThat(FrameDecoder.scan(bytes("{\"type\":\"chat\",\"room\":\"r\",\"text\":\"caf\u00e9\"}")))
                .isNull(); // non-ASCII text: the parser
        assertThat(FrameDecoder.scan(bytes("{\"type\":\"ping\",\"x\":true}"))).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String frame(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return request(random);
        }
        StringBuilder out = new StringBuilder();
        out.append(pick(random, SPACE)).append('{');
        int properties = random.nextInt(6);
        for (int p = 0; p < properties; p++) {
            if (p > 0) {
                out.append(pick(random, SPACE)).append(',');
            }
            String name =
                    random.nextInt(3) == 0 ? pick(random, NAMES) : pick(random, new String[] {"type", "id", "room"});
            out.append(pick(random, SPACE)).append('"').append(name).append('"').append(pick(random, SPACE));
            out.append(':').append(pick(random, SPACE)).append(value(random, name));
        }
        out.append(pick(random, SPACE)).append('}').append(pick(random, SPACE));
        return out.toString();
    }

    /** A request that is valid but for its values: read with a seq, chat with a text, in shuffled order. */
    private static String request(SplittableRandom random) {
        List<String> properties = new ArrayList<>();
        if (random.nextBoolean()) {
            properties.add("\"type\":\"read\"");
            properties.add("\"conv\":\"" + pick(random, new String[] {"g1", "conv:7", "", "x y"}) + '"');
            properties.add("\"seq\":" + pick(random, NUMBERS));
        } else {
            properties.add("\"type\":\"chat\"");
            properties.add("\"room\":\"" + pick(random, new String[] {"r-1", "lobby", "a{b}"}) + '"');
            properties.add("\"text\":" + value(random, "text"));
        }
        if (random.nextBoolean()) {
            properties.add("\"id\":" + value(random, "id"));
        }
        java.util.Collections.shuffle(properties, new java.util.Random(random.nextLong()));
        return "{" + String.join("," + pick(random, SPACE), properties) + "}";
    }

    private static String value(SplittableRandom random, String name) {
        int kind = random.nextInt(10);
        if (name.equals("type") && kind < 6) {
            return '"' + pick(random, TYPES) + '"';
        }
        if (kind < 5) {
            return '"' + pick(random, STRINGS) + '"';
        }
        if (kind < 8) {
            return pick(random, NUMBERS);
        }
        return pick(random, OTHER);
    }

    /** Mostly unchanged; otherwise cut short, one byte changed, or one byte dropped. */
    private static byte[] mutate(SplittableRandom random, byte[] frame) {
        int what = random.nextInt(10);
        if (what < 6 || frame.length < 2) {
            return frame;
        }
        int at = random.nextInt(frame.length);
        if (what < 8) {
            return java.util.Arrays.copyOf(frame, at);
        }
        if (what < 9) {
            byte[] changed = frame.clone();
            String replacements = "{}[]\",:0-n \\\u0001a\u00ff";
            changed[at] = (byte) replacements.charAt(random.nextInt(replacements.length()));
            return changed;
        }
        byte[] dropped = new byte[frame.length - 1];
        System.arraycopy(frame, 0, dropped, 0, at);
        System.arraycopy(frame, at + 1, dropped, at, frame.length - at - 1);
        return dropped;
    }

    private static String pick(SplittableRandom random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
