package io.pauz.speech.sphinx4.internal;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.pauz.api.speech.Transcript;

/**
 * Compares search settings on the fixtures: opt-in (each setting loads the model again), run with
 * {@code mvn test -Dtest=TuningBenchmark -Dsphinx4.bench=true}. Optional {@code -Dsphinx4.bench.rounds=N}.
 */
public class TuningBenchmark {
    private static final Pattern TRANSCRIPTION = Pattern.compile("<s>(.*)</s>\\s*\\((.+)\\)");
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void compareSettings() throws Exception {
        assumeTrue("opt-in: -Dsphinx4.bench=true", Boolean.getBoolean("sphinx4.bench"));
        int rounds = Integer.getInteger("sphinx4.bench.rounds", 3);
        List<Path> clips = new ArrayList<>();
        List<String> references = new ArrayList<>();
        String full = System.getProperty("sphinx4.bench.dir"); // e.g. /usr/share/pocketsphinx/test/data (Debian pocketsphinx-testdata)
        if (full != null) {
            for (String[] set : new String[][] { { "librivox", "transcription" }, { "cards", "cards.transcription" } }) {
                for (String line : Files.readAllLines(Path.of(full, set[0], set[1]))) {
                    Matcher m = TRANSCRIPTION.matcher(line.trim());
                    if (m.matches()) {
                        clips.add(Path.of(full, set[0], m.group(2) + ".wav"));
                        references.add(m.group(1));
                    }
                }
            }
        } else {
            for (String clip : Sphinx4TranscriberTest.CLIPS) {
                clips.add(TestWavs.fixture(tmp.getRoot().toPath(), clip + ".wav"));
                references.add(Sphinx4TranscriberTest.reference(clip));
            }
        }
        double audio = 0;
        for (Path p : clips) {
            audio += WavFile.open(p).seconds();
        }
        Settings d = Settings.DEFAULTS;
        List<Settings> candidates = switch (System.getProperty("sphinx4.bench.set", "main")) {
        case "cmn" -> List.of(d.withCmn(Settings.Cmn.CARRY_OVER), d.withCmn(Settings.Cmn.BATCH), d);
        case "lm" -> List.of(d, d.withLanguage(0.1, 10), d.withLanguage(0.1, 6), d.withLanguage(0.5, 8), d.withLanguage(0.01, 8));
        case "beams" -> List.of(Settings.SPHINX4_DEFAULTS, d.withBeams(20000, 1e-60), d.withBeams(5000, 1e-50), d,
                d.withBeams(2000, 1e-40), d.withBeams(1000, 1e-35));
        default -> List.of(Settings.SPHINX4_DEFAULTS, d.withBeams(5000, 1e-50), d, d.withBeams(2000, 1e-40), d.withBeams(1000, 1e-35),
                d.withCmn(Settings.Cmn.CARRY_OVER), d.withCmn(Settings.Cmn.BATCH));
        };
        System.out.printf("%n%d clips, %.1f s of audio, %d reference words%n", clips.size(), audio,
                references.stream().mapToInt(r -> WordErrorRate.words(r).size()).sum());
        System.out.printf("%-7s %-6s %-4s %-5s %-4s %6s %9s %9s %6s%n", "absBeam", "relBm", "CMN", "wip", "lw", "load s", "cold RTF",
                "warm RTF", "WER");
        for (Settings s : candidates) {
            long t0 = System.nanoTime();
            try (Sphinx4Transcriber t = new Sphinx4Transcriber(s)) {
                t.warmUp();
                double load = (System.nanoTime() - t0) / 1e9;
                double cold = 0;
                double warm = 0;
                int errors = 0;
                int words = 0;
                for (int round = 0; round <= rounds; round++) {
                    for (int i = 0; i < clips.size(); i++) {
                        long start = System.nanoTime();
                        Transcript tr = t.transcribe(clips.get(i));
                        double secs = (System.nanoTime() - start) / 1e9;
                        if (round == 0) {
                            cold += secs;
                            List<String> ref = WordErrorRate.words(references.get(i));
                            errors += WordErrorRate.errors(ref, WordErrorRate.words(tr.text()));
                            words += ref.size();
                        } else {
                            warm += secs;
                        }
                    }
                }
                System.out.printf("%-7d %-6.0e %-4s %-5s %-4s %6.2f %9.2f %9.2f %6.2f%n", s.absoluteBeamWidth(), s.relativeBeamWidth(),
                        s.cmn().name().substring(0, 5).toLowerCase(), s.wordInsertionProbability(), s.languageWeight(), load,
                        cold / audio, warm / rounds / audio, errors / (double) words);
            }
        }
    }
}
