package io.chorus.presence.web;

import java.util.List;
import java.util.regex.Pattern;

/** Validation of user, device, instance and room ids received from outside. */
final class Ids {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private Ids() {}

    static String require(String what, String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw ApiException.badRequest(what + " must be 1 to 64 characters of [A-Za-z0-9._:@-]");
        }
        return id;
    }

    static List<String> requireAll(String what, List<String> ids, int max) {
        if (ids == null) {
            throw ApiException.badRequest(what + " is required");
        }
        if (ids.size() > max) {
            throw ApiException.badRequest("at most " + max + " " + what + " per request, got " + ids.size());
        }
        ids.forEach(id -> require(what, id));
        return ids;
    }
}
