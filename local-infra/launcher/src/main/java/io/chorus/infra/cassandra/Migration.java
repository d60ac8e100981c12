package io.chorus.infra.cassandra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema migration, from a file named {@code V<version>__<description>.cql}. Its checksum covers the
 * script with normalised line endings, so a checkout on another operating system keeps the same checksum.
 */
public record Migration(int version, String description, String script, String checksum, String source) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.cql");

    /** Parses a migration file; a {@code .cql} name that does not follow the pattern is an error. */
    public static Migration of(String fileName, String script, String source) {
        Matcher matcher = FILE_NAME.matcher(fileName);
        if (!matcher.matches()) {
            throw new MigrationException("migration file " + source + " is not named V<version>__<description>.cql"
                    + " (for example V0002__gift_leaderboards.cql)");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version < 1) {
            throw new MigrationException("migration versions start at 1: " + source);
        }
        return new Migration(version, matcher.group(2), script, checksum(script), source);
    }

    static String checksum(String script) {
        String normalised = script.replace("\r\n", "\n").strip();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
