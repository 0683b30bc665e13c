package io.pauz.api.bucket;

import java.util.List;

/** One page of a listing; {@code nextCursor} is {@code null} on the last page. */
public record ObjectPage(List<ObjectInfo> objects, String nextCursor) {
    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
