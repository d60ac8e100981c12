package io.chorus.e2e.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/** HS256 access tokens signed with the secret every service of an e2e run is started with. */
public final class Jwt {

    /** The shared secret of the test run (at least 32 bytes, never a real one). */
    public static final String SECRET = "e2e-test-secret-0123456789abcdef-0123456789";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {}

    public static String user(String id, String... roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", id);
        claims.put("name", "Name of " + id);
        claims.put("roles", List.of(roles));
        claims.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
        String signingInput = header + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
