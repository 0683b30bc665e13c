package io.pauz.support;

import java.util.UUID;
import java.util.regex.Pattern;

/** The shapes of ids that reach services from URLs and bodies, checked before they touch SQL or a bucket key. */
public final class Ids {
    /** The same rule {@link io.pauz.api.bucket.ObjectKeys#userKey} applies to the user segment of a key. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    public static boolean isUserId(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    /** A UUID in its canonical lower-case form, the only form the services hand out for entries, sessions and jobs. */
    public static boolean isUuid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
