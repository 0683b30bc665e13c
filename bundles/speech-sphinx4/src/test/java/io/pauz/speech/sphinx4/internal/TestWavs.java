package io.pauz.speech.sphinx4.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Builds WAV files for tests and copies the speech fixtures out of the class path. */
final class TestWavs {
    private TestWavs() {
    }

    /** A canonical 44-byte-header WAV with the given samples (already encoded). */
    static Path write(Path file, int format, int channels, int rate, int bits, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.putInt(0x61746164).putInt(data.length).put(data);
        Files.write(file, b.array());
        return file;
    }

    static Path pcm16k(Path file, short[] samples) throws IOException {
        return write(file, 1, 1, 16_000, 16, encode(samples));
    }

    static byte[] encode(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** Quiet noise like an idle microphone's, at about -60 dBFS. */
    static short[] roomTone(double seconds, long seed) {
        Random random = new Random(seed);
        short[] s = new short[(int) (seconds * 16_000)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(random.nextGaussian() * 30);
        }
        return s;
    }

    static Path fixture(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = TestWavs.class.getResourceAsStream("/speech/" + name)) {
            if (in == null) {
                throw new IOException("missing test fixture speech/" + name);
            }
            Files.copy(in, file);
        }
        return file;
    }
}
