package io.pauz.export.internal;

import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.Test;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.pauz.api.journal.EntryDraft;

/**
 * A year of journaling (365 entries, one a day, 60-260 words each with some accented, Greek and Cyrillic text,
 * plus a guided session every two weeks) exported to PDF, JSON and Markdown on the real components. Skipped unless
 * {@code -Dexport.bench=true}: {@code mvn -B -o test -pl bundles/export -Dtest=ExportBenchmark -Dexport.bench=true}.
 * Prints a table and writes {@code target/bench-export.json}. Times are medians of 5 runs after 2 warm-ups, and
 * include reading the journal (SQL + every entry's text from the bucket store).
 */
public class ExportBenchmark {
    private static final String[] WORDS = ("today I walked to the river and thought about work family friends the weather "
            + "was mild and I felt calm tired hopeful grateful anxious about the meeting tomorrow dinner with my sister "
            + "reading a book before sleep café crème naïve Zürich Ελλάδα καλημέρα Привет спасибо").split(" ");

    @Test
    public void yearToPdf() throws Exception {
        assumeTrue("set -Dexport.bench=true to run", Boolean.getBoolean("export.bench"));
        try (Fixture fx = new Fixture()) {
            fx.users.add("year", "Benchmark Person", "Europe/Berlin");
            Random random = new Random(20250101L);
            LocalDate day = LocalDate.of(2025, 1, 1);
            for (int i = 0; i < 365; i++) {
                int n = 60 + random.nextInt(200);
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < n; w++) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 17 == 16 ? ".\n\n" : " ");
                }
                Instant at = day.plusDays(i).atTime(7 + random.nextInt(14), random.nextInt(60)).toInstant(ZoneOffset.UTC);
                fx.journal.create("year", new EntryDraft(text.toString().strip(), i % 3 == 0 ? null : "Day " + (i + 1), at, null));
            }
            for (int i = 0; i < 26; i++) {
                var s = fx.guidedService.start("year", "builtin:stress");
                for (int k = 0; k < 3 && s.currentPrompt() != null; k++) {
                    s = fx.guidedService.answer("year", s.id(), s.currentPrompt().id(), "I felt a little calmer after the walk, thank you.");
                }
                fx.guidedService.complete("year", s.id());
            }

            Map<String, Object> results = new LinkedHashMap<>();
            System.out.println();
            System.out.println("| format | median ms (read + render) | render only ms | size KiB | pages |");
            System.out.println("|---|---|---|---|---|");
            for (String format : List.of("pdf", "json", "markdown")) {
                double[] total = new double[7];
                double[] render = new double[7];
                ExportService.Rendered out = null;
                for (int r = 0; r < total.length; r++) {
                    long t0 = System.nanoTime();
                    Snapshot snap = fx.exports.snapshot("year", null, null);
                    long t1 = System.nanoTime();
                    out = fx.exports.render(format, snap);
                    long t2 = System.nanoTime();
                    total[r] = (t2 - t0) / 1e6;
                    render[r] = (t2 - t1) / 1e6;
                }
                double medTotal = median(Arrays.copyOfRange(total, 2, total.length));
                double medRender = median(Arrays.copyOfRange(render, 2, render.length));
                Integer pages = out.pages();
                if ("pdf".equals(format)) {
                    try (PDDocument doc = Loader.loadPDF(out.bytes())) {
                        pages = doc.getNumberOfPages();
                    }
                    Files.write(Path.of("target/bench-year.pdf"), out.bytes());
                }
                System.out.printf("| %s | %.0f | %.0f | %.0f | %s |%n", format, medTotal, medRender, out.bytes().length / 1024.0,
                        pages == null ? "-" : pages);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("medianMillis", Math.round(medTotal));
                r.put("renderMedianMillis", Math.round(medRender));
                r.put("runsMillis", Arrays.stream(total).map(Math::round).toArray());
                r.put("bytes", out.bytes().length);
                r.put("pages", pages);
                results.put(format, r);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("benchmark", "export of a 365-entry year (+26 guided sessions)");
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("java", System.getProperty("java.version"));
            report.put("goalPdfMillis", 2000);
            report.put("results", results);
            Files.writeString(Path.of("target/bench-export.json"), fx.exports.json.copy()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report), StandardCharsets.UTF_8);
            System.out.println("written target/bench-export.json, target/bench-year.pdf");
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
