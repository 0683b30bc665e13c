package io.pauz.api.journal;

import io.pauz.api.bucket.StoredObject;

/**
 * A spoken entry's recording as it was uploaded; close it to release the stored object.
 *
 * @param mediaType the upload's media type, such as {@code audio/wav}
 */
public record Recording(String mediaType, StoredObject audio) implements AutoCloseable {

    @Override
    public void close() {
        audio.close();
    }
}
