package io.pauz.bucket.local.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The on-disk form of one object: the content, then a JSON trailer (content type, SHA-256, size,
 * user metadata), then the trailer's length and a magic number. Content and metadata live in one
 * file, so one atomic rename replaces both; a reader holding the old file keeps reading it whole.
 */
final class ObjectFile {
    static final long MAGIC = 0x5041555A4F424A31L; // "PAUZOBJ1"
    static final int FOOTER = 12; // int trailer length + long magic
    private static final ObjectMapper JSON = new ObjectMapper();

    record Trailer(String contentType, String sha256, long size, Map<String, String> userMetadata) {
    }

    private ObjectFile() {
    }

    /** The file is not a whole PAUZ object (foreign or damaged outside PAUZ): never served. */
    static final class NotAnObjectException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAnObjectException(String message) {
            super(message);
        }
    }

    static byte[] trailer(Trailer trailer) throws IOException {
        byte[] json = JSON.writeValueAsBytes(trailer);
        ByteBuffer out = ByteBuffer.allocate(json.length + FOOTER);
        out.put(json).putInt(json.length).putLong(MAGIC);
        return out.array();
    }

    /** Reads the trailer of an object file; an IOException for anything that is not one. */
    static Trailer readTrailer(FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < FOOTER) {
            throw new NotAnObjectException("not an object file (too short)");
        }
        ByteBuffer footer = ByteBuffer.allocate(FOOTER);
        readFully(channel, footer, fileSize - FOOTER);
        footer.flip();
        int length = footer.getInt();
        if (footer.getLong() != MAGIC || length <= 0 || length > fileSize - FOOTER) {
            throw new NotAnObjectException("not an object file (bad footer)");
        }
        ByteBuffer json = ByteBuffer.allocate(length);
        readFully(channel, json, fileSize - FOOTER - length);
        Trailer trailer = JSON.readValue(new String(json.array(), StandardCharsets.UTF_8), Trailer.class);
        if (trailer.size() != fileSize - FOOTER - length) {
            throw new NotAnObjectException("not an object file (size mismatch)");
        }
        return trailer;
    }

    static Trailer readTrailer(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readTrailer(channel);
        }
    }

    /** The content of an open object file, as a stream that closes the channel. */
    static InputStream content(FileChannel channel, long size) throws IOException {
        InputStream raw = Channels.newInputStream(channel.position(0L));
        return new FilterInputStream(raw) {
            private long left = size;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(Integer.MAX_VALUE, Math.min(left, super.available()));
            }
        };
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of object file");
            }
        }
    }
}
