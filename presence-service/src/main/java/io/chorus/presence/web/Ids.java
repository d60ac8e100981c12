package io.chorus.presence.web;

import java.util.List;

/** Validation of user, device, instance and room ids received from outside. */
final class Ids {

    private Ids() {}

    static String require(String what, String id) {
        if (!valid(id)) {
            throw ApiException.badRequest(what + " must be 1 to 64 characters of [A-Za-z0-9._:@-]");
        }
        return id;
    }

    /** Same as matching {@code [A-Za-z0-9._:@-]{1,64}}, without a regex: a look-up checks thousands. */
    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '@'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
