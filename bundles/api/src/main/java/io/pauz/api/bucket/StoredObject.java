package io.pauz.api.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** An object and its open content stream; close it when done. */
public record StoredObject(ObjectInfo info, InputStream content) implements AutoCloseable {

    /** Reads the whole content and closes the stream. Meant for small objects. */
    public byte[] readAllBytes() {
        try (InputStream in = content) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            content.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
