package io.chorus.connection.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderTests {

    private final FrameDecoder decoder = new FrameDecoder(BootJsonMapper.get(), 500);

    @Test
    void decodesEveryClientFrame() {
        assertThat(accepted("{\"type\":\"join\",\"id\":\"1\",\"room\":\"r-1\"}"))
                .isEqualTo(new ClientFrame.Join("1", "r-1"));
        assertThat(accepted("{\"type\":\"leave\",\"room\":\"r-1\"}")).isEqualTo(new ClientFrame.Leave(null, "r-1"));
        assertThat(accepted("{\"type\":\"chat\",\"id\":\"c\",\"room\":\"r\",\"text\":\"hi\"}"))
                .isEqualTo(new ClientFrame.Chat("c", "r", "hi"));
        assertThat(accepted("{\"type\":\"ping\",\"id\":\"p\"}")).isEqualTo(new ClientFrame.Ping("p"));
        assertThat(accepted("{\"type\":\"read\",\"conv\":\"g1\",\"seq\":7}"))
                .isEqualTo(new ClientFrame.Read(null, "g1", 7L));
        assertThat(accepted("{\"type\":\"typing\",\"conv\":\"g1\"}")).isEqualTo(new ClientFrame.Typing(null, "g1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                                          | malformed",
                "[1,2,3]                                           | malformed",
                "\"just a string\"                                 | malformed",
                "{\"room\":\"r\"}                                  | unknown_type",
                "{\"type\":\"explode\"}                            | unknown_type",
                "{\"type\":7}                                      | unknown_type",
                "{\"type\":\"join\"}                               | bad_request",
                "{\"type\":\"join\",\"room\":\"\"}                 | bad_request",
                "{\"type\":\"join\",\"room\":\"a{b}\"}             | bad_request",
                "{\"type\":\"join\",\"room\":42}                   | bad_request",
                "{\"type\":\"chat\",\"room\":\"r\"}                | bad_request",
                "{\"type\":\"chat\",\"room\":\"r\",\"text\":\" \"} | bad_request",
                "{\"type\":\"read\",\"conv\":\"g\",\"seq\":-1}     | bad_request",
                "{\"type\":\"read\",\"conv\":\"g\",\"seq\":\"x\"}  | bad_request",
                "{\"type\":\"ping\",\"id\":5}                      | bad_request",
                "{\"type\":\"ping\"} {\"type\":\"ping\"}          | malformed",
                "{\"type\":\"ping\",\"x\":[1,{\"y\":]}            | malformed",
                "{\"type\":\"ping\"                               | malformed",
                "''                                                | malformed",
                "{\"type\":[\"join\"],\"room\":\"r\"}             | unknown_type",
                "{\"type\":\"join\",\"room\":{\"r\":1}}           | bad_request",
                "{\"type\":\"read\",\"conv\":\"g\",\"seq\":1.5}  | bad_request",
                "{\"type\":\"read\",\"conv\":\"g\",\"seq\":99999999999999999999} | bad_request",
            })
    void rejectsBadInputWithAPreciseCode(String json, String code) {
        FrameDecoder.Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded)
                .isInstanceOfSatisfying(FrameDecoder.Rejection.class, rejection -> assertThat(rejection.code())
                        .isEqualTo(ErrorCode.fromCode(code)));
    }

    @Test
    void skipsUnknownPropertiesOfAnyShapeAndTakesTheLastOfARepeatedOne() {
        assertThat(accepted("{\"extra\":{\"a\":[1,{\"b\":null}]},\"room\":\"r-1\",\"n\":1e9,\"id\":null,"
                        + "\"type\":\"join\",\"flag\":true}"))
                .isEqualTo(new ClientFrame.Join(null, "r-1"));
        assertThat(accepted("{\"type\":\"join\",\"room\":\"first\",\"room\":\"second\",\"id\":\"a\\\"b\"}"))
                .isEqualTo(new ClientFrame.Join("a\"b", "second"));
        assertThat(accepted("  {\"type\":\"read\",\"conv\":\"g1\",\"seq\":9223372036854775807}\n"))
                .isEqualTo(new ClientFrame.Read(null, "g1", Long.MAX_VALUE));
    }

    @Test
    void rejectsRequestIdsOver64CharsAndChatOverTheLimit() {
        String longId = "x".repeat(65);
        FrameDecoder.Decoded decoded =
                decoder.decode(("{\"type\":\"ping\",\"id\":\"" + longId + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(decoded)
                .isEqualTo(new FrameDecoder.Rejection(null, ErrorCode.BAD_REQUEST, "id longer than 64 chars"));
        assertThat(accepted("{\"type\":\"ping\",\"id\":\"" + "x".repeat(64) + "\"}"))
                .isEqualTo(new ClientFrame.Ping("x".repeat(64)));

        FrameDecoder.Decoded chat =
                decoder.decode(("{\"type\":\"chat\",\"id\":\"c\",\"room\":\"r\",\"text\":\"" + "y".repeat(501) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(chat).isInstanceOfSatisfying(FrameDecoder.Rejection.class, rejection -> {
            assertThat(rejection.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(rejection.id()).isEqualTo("c");
        });
    }

    private ClientFrame accepted(String json) {
        FrameDecoder.Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOf(FrameDecoder.Accepted.class);
        return ((FrameDecoder.Accepted) decoded).frame();
    }
}
