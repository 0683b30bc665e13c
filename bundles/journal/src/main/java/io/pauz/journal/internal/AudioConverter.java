package io.pauz.journal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Turns a recording into what speech engines read: WAV, 16 kHz, mono, 16-bit signed little-endian PCM.
 * WAV, AIFF and AU (any PCM rate, 8/16/24/32 bit, mono or stereo) are decoded by the JDK itself, whose
 * converter also mixes down and resamples. Other formats (webm/opus from browsers, mp3, ogg, m4a, flac)
 * go through Debian's {@code ffmpeg} when it is installed.
 */
final class AudioConverter {
    static final float TARGET_RATE = 16_000f;
    static final Set<String> JDK_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/aiff",
            "audio/x-aiff", "audio/basic", "audio/au");
    static final Set<String> FFMPEG_TYPES = Set.of("audio/webm", "audio/ogg", "audio/mpeg", "audio/mp3", "audio/mp4",
            "audio/x-m4a", "audio/aac", "audio/flac", "audio/x-flac", "audio/opus");

    /** What was decoded. */
    record Decoded(double seconds, float sourceRate, int sourceChannels) {
    }

    /** The recording cannot be decoded: wrong kind of file (415) or a damaged one (422). */
    static final class BadAudioException extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean unsupported;

        BadAudioException(String message, boolean unsupported) {
            super(message);
            this.unsupported = unsupported;
        }
    }

    private final Path ffmpeg;

    AudioConverter(Path ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** {@code ffmpeg} from the PATH, or null. */
    static Path findFfmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The media type without parameters, lower case: {@code audio/webm;codecs=opus} becomes {@code audio/webm}. */
    static String baseType(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    boolean supports(String mediaType) {
        String base = baseType(mediaType);
        return JDK_TYPES.contains(base) || (ffmpeg != null && FFMPEG_TYPES.contains(base));
    }

    List<String> supportedTypes() {
        return ffmpeg == null ? List.copyOf(JDK_TYPES)
                : java.util.stream.Stream.concat(JDK_TYPES.stream(), FFMPEG_TYPES.stream()).sorted().toList();
    }

    /**
     * Decodes {@code source} completely into {@code target} (16 kHz mono PCM WAV). The whole recording is read,
     * so a damaged file is found here and not later in a background job.
     */
    Decoded toSpeechWav(Path source, String mediaType, Path target, int maxSeconds) throws BadAudioException, IOException {
        String base = baseType(mediaType);
        if (JDK_TYPES.contains(base)) {
            return decodeWithJdk(source, target, maxSeconds);
        }
        if (ffmpeg != null && FFMPEG_TYPES.contains(base)) {
            Path wav = Files.createTempFile(target.getParent(), "ffmpeg-", ".wav");
            try {
                runFfmpeg(source, wav, maxSeconds);
                return decodeWithJdk(wav, target, maxSeconds);
            } finally {
                Files.deleteIfExists(wav);
            }
        }
        throw new BadAudioException("unsupported audio type " + (base.isEmpty() ? "(none)" : base), true);
    }

    /**
     * javax.sound reports a damaged header in many ways: UnsupportedAudioFileException, any IOException ("Resetting to
     * invalid mark" when a chunk size points past the mark), or a RuntimeException (IllegalArgumentException,
     * ArithmeticException, ...). Each is the recording's fault, so each becomes a {@link BadAudioException}.
     */
    private Decoded decodeWithJdk(Path source, Path target, int maxSeconds) throws BadAudioException, IOException {
        if (!Files.isReadable(source)) {
            throw new IOException("cannot read " + source.getFileName()); // ours, not the recording's
        }
        try {
            return decodeJdkStream(source, target, maxSeconds);
        } catch (UnsupportedAudioFileException e) {
            throw new BadAudioException("the recording is not a readable audio file", false);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AudioConverter.class).debug("refused a damaged recording", e);
            throw new BadAudioException("the recording is damaged or not a readable audio file", false);
        }
    }

    private Decoded decodeJdkStream(Path source, Path target, int maxSeconds)
            throws BadAudioException, IOException, UnsupportedAudioFileException {
        // From the file, not a stream: each reader opens it afresh, so no reader depends on another's mark/reset.
        try (AudioInputStream original = AudioSystem.getAudioInputStream(source.toFile())) {
            AudioFormat format = original.getFormat();
            if (format.getChannels() < 1 || format.getChannels() > 2) {
                throw new BadAudioException("only mono or stereo recordings are accepted", false);
            }
            if (format.getFrameSize() < 1 || format.getSampleSizeInBits() < 8 || format.getSampleSizeInBits() > 32) {
                throw new BadAudioException("the recording's sample format is damaged", false);
            }
            if (format.getSampleRate() < 8_000 || format.getSampleRate() > 96_000) {
                throw new BadAudioException("sample rate " + format.getSampleRate() + " Hz is outside 8-96 kHz", false);
            }
            long frames = original.getFrameLength();
            if (frames > 0 && frames / format.getFrameRate() > maxSeconds) {
                throw new BadAudioException("the recording is longer than " + maxSeconds + " s", false);
            }
            AudioFormat target16 = new AudioFormat(TARGET_RATE, 16, 1, true, false);
            AudioInputStream converted;
            try {
                AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, format.getSampleRate(), 16,
                        format.getChannels(), format.getChannels() * 2, format.getSampleRate(), false);
                AudioInputStream pcmIn = format.matches(pcm) ? original : AudioSystem.getAudioInputStream(pcm, original);
                converted = pcm.matches(target16) ? pcmIn : AudioSystem.getAudioInputStream(target16, pcmIn);
            } catch (IllegalArgumentException e) {
                throw new BadAudioException("cannot convert " + format + " to PCM", false);
            }
            long bytes = writeWav(converted, target, (long) (maxSeconds * TARGET_RATE * 2) + 2);
            double seconds = bytes / 2.0 / TARGET_RATE;
            if (seconds > maxSeconds) {
                throw new BadAudioException("the recording is longer than " + maxSeconds + " s", false);
            }
            if (bytes == 0) {
                throw new BadAudioException("the recording holds no sound", false);
            }
            return new Decoded(seconds, format.getSampleRate(), format.getChannels());
        }
    }

    /** Streams PCM into a WAV file, then writes the header sizes; stops reading past {@code maxBytes}. */
    private static long writeWav(InputStream pcm, Path target, long maxBytes) throws IOException {
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(new byte[44]);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = pcm.read(buffer)) > 0;) {
                out.write(buffer, 0, n);
                total += n;
                if (total > maxBytes) {
                    break;
                }
            }
        }
        total -= total % 2;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + total))
                    .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                    .putShort((short) 1).putInt((int) TARGET_RATE).putInt((int) TARGET_RATE * 2).putShort((short) 2)
                    .putShort((short) 16).put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) total);
            h.flip();
            ch.write(h, 0);
            ch.truncate(44 + total);
        }
        return total;
    }

    private void runFfmpeg(Path source, Path wav, int maxSeconds) throws BadAudioException, IOException {
        Process p = new ProcessBuilder(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i",
                source.toString(), "-t", Integer.toString(maxSeconds + 1), "-ac", "1", "-ar", "16000", "-sample_fmt", "s16",
                "-f", "wav", wav.toString()).redirectErrorStream(true).start();
        try {
            byte[] log = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(Math.max(60, maxSeconds), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ffmpeg took too long");
            }
            if (p.exitValue() != 0) {
                // ffmpeg's own words name server paths: they go to the log, not to the user
                org.slf4j.LoggerFactory.getLogger(AudioConverter.class).info("ffmpeg refused a recording: {}",
                        new String(log, java.nio.charset.StandardCharsets.UTF_8).strip());
                throw new BadAudioException("the recording could not be decoded", false);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
