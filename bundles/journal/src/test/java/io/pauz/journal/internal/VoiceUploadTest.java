package io.pauz.journal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.rest.ApiException;

/** Damaged recordings: a clear 415/422, and nothing left behind in buckets, SQL or the work directory. */
public class VoiceUploadTest {
    static final String A = "user-a";

    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    /** The reliability run's file: the fmt chunk's size points far past the header ("Resetting to invalid mark"). */
    @Test
    public void brokenFmtChunkSizeIs422() throws Exception {
        for (int size : new int[] { 40_000, 0x00100000, 0x7FFFFFF0 }) {
            byte[] wav = Fixture.wav(1);
            ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(16, size);
            ApiException e = refused(wav);
            assertTrue(size + ": " + e.status(), e.status() == 415 || e.status() == 422);
            assertEquals("invalid_audio", e.code());
        }
        assertNothingLeft();
    }

    @Test
    public void garbageAndTruncatedFilesAre422() throws Exception {
        byte[] wav = Fixture.wav(1);
        for (byte[] bad : new byte[][] { "not audio at all".getBytes(), Arrays.copyOf(wav, 12), Arrays.copyOf(wav, 30),
                Arrays.copyOf(wav, 44) }) {
            ApiException e = refused(bad);
            assertEquals(422, e.status());
        }
        assertNothingLeft();
    }

    /**
     * Seeded fuzz over the header (and a little past it): every upload either succeeds or is refused with 415/422,
     * never another exception; a refused one leaves nothing, an accepted one leaves exactly its entry.
     */
    @Test
    public void mutatedHeadersGiveSuccessOr415Or422() throws Exception {
        byte[] original = Fixture.wav(1); // over 8 KiB: a bad chunk size then breaks a buffered mark/reset
        Random random = new Random(20261205L);
        int accepted = 0;
        int refused = 0;
        // Header fields of a canonical WAV (offset, width): RIFF size, fmt size, format tag, channels, rate, byte rate,
        // block align, bits per sample, data size.
        int[][] fields = { { 4, 4 }, { 16, 4 }, { 20, 2 }, { 22, 2 }, { 24, 4 }, { 28, 4 }, { 32, 2 }, { 34, 2 }, { 40, 4 } };
        for (int i = 0; i < 500; i++) {
            byte[] wav = original.clone();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
                int[] field = fields[random.nextInt(fields.length)];
                switch (random.nextInt(5)) {
                    case 0 -> wav[random.nextInt(Math.min(48, wav.length))] = (byte) random.nextInt(256);
                    case 1 -> wav[random.nextInt(Math.min(48, wav.length))] ^= (byte) (1 << random.nextInt(8));
                    case 2, 3 -> {
                        if (field[0] + field[1] <= wav.length) {
                            int value = switch (random.nextInt(4)) {
                                case 0 -> random.nextInt();
                                case 1 -> random.nextInt(1 << 20);
                                case 2 -> -1 - random.nextInt(4);
                                default -> random.nextInt(64);
                            };
                            if (field[1] == 4) {
                                header.putInt(field[0], value);
                            } else {
                                header.putShort(field[0], (short) value);
                            }
                        }
                    }
                    default -> wav = Arrays.copyOf(wav, 1 + random.nextInt(wav.length));
                }
            }
            try {
                fx.service.transcriber.accept(A, new ByteArrayInputStream(wav), "audio/wav", null, null);
                accepted++;
            } catch (ApiException e) {
                if (e.status() != 415 && e.status() != 422) {
                    throw new AssertionError("case " + i + ": " + e.status() + " " + e.code(), e);
                }
                refused++;
            } catch (Exception | Error e) {
                throw new AssertionError("case " + i + " escaped as " + e, e);
            }
        }
        System.out.printf("fuzzed voice uploads: %d accepted, %d refused%n", accepted, refused);
        assertTrue(refused > 0);
        assertEquals(accepted, fx.count("free_journal_metadata"));
        assertEquals(accepted, fx.count("free_journal_transcriptions"));
        assertEquals(accepted, fx.objects(Bucket.MEDIA_STORAGE).size());
        assertEquals(accepted, fx.objects(Bucket.FREE_JOURNALS).size());
        assertEquals(0, fx.workFiles().size());
    }

    private ApiException refused(byte[] wav) throws Exception {
        try {
            fx.service.transcriber.accept(A, new ByteArrayInputStream(wav), "audio/wav", null, null);
        } catch (ApiException e) {
            return e;
        }
        fail("accepted a damaged recording");
        return null;
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(0, fx.count("free_journal_metadata"));
        assertEquals(0, fx.count("free_journal_transcriptions"));
        assertEquals(0, fx.count("free_journal_terms"));
        assertEquals(0, fx.objects(Bucket.MEDIA_STORAGE).size());
        assertEquals(0, fx.objects(Bucket.FREE_JOURNALS).size());
        assertEquals(0, fx.workFiles().size());
    }
}
