package io.pauz.plugins.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Size and modification time of a file: a jar is taken once they are the same on two looks in a row. */
record FileStamp(long size, long modifiedMillis) {
    static FileStamp of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(a.size(), a.lastModifiedTime().toMillis());
    }
}
