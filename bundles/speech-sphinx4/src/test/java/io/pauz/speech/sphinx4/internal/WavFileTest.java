package io.pauz.speech.sphinx4.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WavFileTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void findsTheSamplesOfACanonicalFile() throws Exception {
        short[] samples = { 1, -2, 300, -32768, 32767 };
        Path file = TestWavs.pcm16k(tmp.newFile("a.wav").toPath(), samples);
        WavFile wav = WavFile.open(file);
        assertEquals(44, wav.dataOffset());
        assertEquals(10, wav.dataLength());
        try (InputStream in = wav.samples()) {
            assertTrue(Arrays.equals(TestWavs.encode(samples), in.readAllBytes()));
        }
    }

    @Test
    public void skipsOtherChunksAndReadsExtensiblePcm() throws Exception {
        byte[] data = TestWavs.encode(new short[] { 7, 8, 9 });
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 40 + 8 + 5 + 1 + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(b.capacity() - 8).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4)
                .putShort((short) 1).put(new byte[14]); // KSDATAFORMAT_SUBTYPE_PCM
        b.putInt(0x5453494c).putInt(5).put("INFOx".getBytes()).put((byte) 0); // LIST chunk of odd size + pad byte
        b.putInt(0x61746164).putInt(data.length).put(data);
        Path file = Files.write(tmp.newFile("ext.wav").toPath(), b.array());
        WavFile wav = WavFile.open(file);
        assertEquals(b.capacity() - data.length, wav.dataOffset());
        try (InputStream in = wav.samples()) {
            assertTrue(Arrays.equals(data, in.readAllBytes()));
        }
    }

    @Test
    public void aDataSizeLargerThanTheFileIsCutToTheFile() throws Exception {
        Path file = TestWavs.pcm16k(tmp.newFile("stream.wav").toPath(), new short[100]);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        Files.write(file, bytes);
        assertEquals(200, WavFile.open(file).dataLength());
    }

    @Test
    public void rejectsOtherFormatsNamingWhatIsWrong() throws Exception {
        assertRejected(TestWavs.write(tmp.newFile("8k.wav").toPath(), 1, 1, 8_000, 16, new byte[100]), "8000 Hz");
        assertRejected(TestWavs.write(tmp.newFile("stereo.wav").toPath(), 1, 2, 16_000, 16, new byte[100]), "2 channels");
        assertRejected(TestWavs.write(tmp.newFile("8bit.wav").toPath(), 1, 1, 16_000, 8, new byte[100]), "8-bit");
        assertRejected(TestWavs.write(tmp.newFile("float.wav").toPath(), 3, 1, 16_000, 32, new byte[100]), "IEEE float");
        assertRejected(TestWavs.write(tmp.newFile("44k-stereo.wav").toPath(), 1, 2, 44_100, 16, new byte[100]),
                "2 channels instead of 1 (mono), 44100 Hz");
    }

    @Test
    public void rejectsWhatIsNotAWavFile() throws Exception {
        assertRejected(Files.write(tmp.newFile("garbage").toPath(), "this is not audio at all, just text".getBytes()), "not a WAV");
        assertRejected(Files.write(tmp.newFile("tiny").toPath(), new byte[] { 'R', 'I' }), "not a WAV");
        byte[] header = Files.readAllBytes(TestWavs.pcm16k(tmp.newFile("cut.wav").toPath(), new short[10]));
        assertRejected(Files.write(tmp.newFile("cut2.wav").toPath(), Arrays.copyOf(header, 30)), "cut short");
        byte[] noData = Arrays.copyOf(header, 36);
        assertRejected(Files.write(tmp.newFile("nodata.wav").toPath(), noData), "no data chunk");
    }

    private static void assertRejected(Path file, String expected) throws Exception {
        try {
            WavFile.open(file);
            fail("accepted " + file.getFileName());
        } catch (WavFile.InvalidWavException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
