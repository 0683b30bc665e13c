package io.pauz.api.bucket;

import java.util.regex.Pattern;

/**
 * The rules every object key follows, shared by all providers so that no backend can be tricked
 * into writing outside its bucket.
 *
 * <p>A key is 1..{@value #MAX_LENGTH} characters of segments separated by {@code /}; segments are
 * 1..{@value #MAX_SEGMENT} characters (file systems cap a name at 255 bytes, and providers add suffixes),
 * are not {@code .} or {@code ..}, and use letters, digits and {@code . _ - @ =}. Per-user
 * objects use {@link #userKey(String, String, String...)}, which places the user id right after the folder.
 */
public final class ObjectKeys {
    public static final int MAX_LENGTH = 512;
    public static final int MAX_SEGMENT = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@=-]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ObjectKeys() {
    }

    /** Returns {@code key} if valid, else throws {@link BucketException} with reason INVALID_KEY. */
    public static String validate(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid(key, "length must be 1.." + MAX_LENGTH);
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            throw invalid(key, "must not start or end with /");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.length() > MAX_SEGMENT || segment.equals(".") || segment.equals("..")
                    || !SEGMENT.matcher(segment).matches()) {
                throw invalid(key, "bad segment '" + segment + "'");
            }
        }
        return key;
    }

    /** Validates a prefix for listing: empty, or a valid key optionally ending in {@code /}. */
    public static String validatePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    /**
     * The key of a per-user object: {@code folder + userId + "/" + parts...}, e.g.
     * {@code text-entries/u123/e456.txt}. The user id must be a plain id, never a path.
     */
    public static String userKey(String folder, String userId, String... parts) {
        if (userId == null || !ID.matcher(userId).matches()) {
            throw invalid(userId, "bad user id");
        }
        StringBuilder sb = new StringBuilder(folder.endsWith("/") ? folder : folder + "/").append(userId);
        for (String part : parts) {
            sb.append('/').append(part);
        }
        return validate(sb.toString());
    }

    private static BucketException invalid(String key, String why) {
        String shown = key == null ? "null" : key.length() > 80 ? key.substring(0, 80) + "..." : key;
        return new BucketException(BucketException.Reason.INVALID_KEY, "invalid object key '" + shown + "': " + why);
    }
}
