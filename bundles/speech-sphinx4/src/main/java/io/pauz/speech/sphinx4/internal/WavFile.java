package io.pauz.speech.sphinx4.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the samples of a WAV file are, after checking that it is what Sphinx4's model wants: PCM, 16 kHz, mono,
 * 16-bit signed little-endian. Only the data chunk is handed to Sphinx4, which would otherwise hear the header
 * as a click.
 */
record WavFile(Path path, long dataOffset, long dataLength) {
    static final int SAMPLE_RATE = 16_000;
    static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;
    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    double seconds() {
        return dataLength / (double) BYTES_PER_SECOND;
    }

    /** @throws InvalidWavException with a message fit for the person who uploaded the file */
    static WavFile open(Path path) throws IOException, InvalidWavException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer riff = read(ch, 0, 12);
            if (riff.getInt(0) != 0x46464952 /* RIFF */ || riff.getInt(8) != 0x45564157 /* WAVE */) {
                throw new InvalidWavException("not a WAV file (no RIFF/WAVE header)");
            }
            long pos = 12;
            boolean fmtSeen = false;
            while (pos + 8 <= size) {
                ByteBuffer head = read(ch, pos, 8);
                int id = head.getInt(0);
                long length = Integer.toUnsignedLong(head.getInt(4));
                long body = pos + 8;
                if (id == 0x20746d66 /* "fmt " */) {
                    if (length < 16) {
                        throw new InvalidWavException("WAV fmt chunk is too short");
                    }
                    checkFormat(read(ch, body, (int) Math.min(length, 40)));
                    fmtSeen = true;
                } else if (id == 0x61746164 /* data */) {
                    if (!fmtSeen) {
                        throw new InvalidWavException("WAV data chunk comes before its fmt chunk");
                    }
                    // Streaming writers leave the size at 0xFFFFFFFF, and a cut upload is shorter than it says.
                    long data = Math.min(length, size - body);
                    return new WavFile(path, body, data - data % 2);
                }
                pos = body + length + (length & 1);
            }
            throw new InvalidWavException(fmtSeen ? "WAV file has no data chunk" : "WAV file has no fmt chunk");
        }
    }

    private static void checkFormat(ByteBuffer fmt) throws InvalidWavException {
        int format = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long rate = Integer.toUnsignedLong(fmt.getInt(4));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        if (format == WAVE_FORMAT_EXTENSIBLE && fmt.limit() >= 26) {
            format = Short.toUnsignedInt(fmt.getShort(24)); // first two bytes of the sub-format GUID
        }
        StringBuilder wrong = new StringBuilder();
        if (format != WAVE_FORMAT_PCM) {
            wrong.append(", encoding ").append(format == 3 ? "IEEE float" : "0x" + Integer.toHexString(format)).append(" instead of PCM");
        }
        if (channels != 1) {
            wrong.append(", ").append(channels).append(" channels instead of 1 (mono)");
        }
        if (rate != SAMPLE_RATE) {
            wrong.append(", ").append(rate).append(" Hz instead of 16000 Hz");
        }
        if (bits != 16) {
            wrong.append(", ").append(bits).append("-bit instead of 16-bit samples");
        }
        if (wrong.length() > 0) {
            throw new InvalidWavException("unsupported WAV format" + wrong.substring(1)
                    + "; the sphinx4 engine needs 16 kHz mono 16-bit PCM");
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int length) throws IOException, InvalidWavException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new InvalidWavException(pos == 0 ? "not a WAV file (too short)" : "WAV file is cut short inside its header");
            }
        }
        return buf.flip();
    }

    /** The samples only, read lazily so that long recordings are not held in memory. */
    InputStream samples() throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        ch.position(dataOffset);
        InputStream in = java.nio.channels.Channels.newInputStream(ch);
        return new InputStream() {
            private long left = dataLength;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** The file is not audio Sphinx4 can take. */
    static final class InvalidWavException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidWavException(String message) {
            super(message);
        }
    }
}
