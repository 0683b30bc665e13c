package io.pauz.export.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;

/**
 * The Markdown export: a zip with one {@code .md} file per entry ({@code entries/}) and per guided session
 * ({@code guided/}), each with YAML front matter (date, title, mood). File names start with the local date and
 * time so a file browser lists them in order.
 */
final class Markdown {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private Markdown() {
    }

    static byte[] zip(Snapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        Set<String> names = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (JournalEntry e : s.entries()) {
                StringBuilder md = new StringBuilder("---\n");
                md.append("type: entry\n");
                md.append("id: ").append(e.id()).append('\n');
                md.append("date: ").append(ISO.format(e.createdAt().atZone(s.zone()))).append('\n');
                if (e.title() != null) {
                    md.append("title: ").append(quote(e.title())).append('\n');
                }
                mood(md, e.moodScore(), e.moodLabel());
                md.append("source: ").append(e.source()).append('\n');
                md.append("---\n\n");
                if (e.title() != null) {
                    md.append("# ").append(e.title()).append("\n\n");
                }
                md.append(e.text() == null ? "" : e.text().strip()).append('\n');
                put(zip, names, "entries/", NAME.format(e.createdAt().atZone(s.zone())) + "-" + slug(e.title(), "entry"), md);
            }
            for (GuidedSessionRecord r : s.sessions()) {
                String title = r.topicTitle() == null ? r.topic() : r.topicTitle();
                StringBuilder md = new StringBuilder("---\n");
                md.append("type: guided-session\n");
                md.append("id: ").append(r.id()).append('\n');
                md.append("date: ").append(ISO.format(r.startedAt().atZone(s.zone()))).append('\n');
                if (r.completedAt() != null) {
                    md.append("completed: ").append(ISO.format(r.completedAt().atZone(s.zone()))).append('\n');
                }
                md.append("title: ").append(quote(title)).append('\n');
                md.append("topic: ").append(quote(r.topic())).append('\n');
                md.append("completion: ").append(r.completionPercentage()).append('\n');
                mood(md, r.moodScore(), r.moodLabel());
                md.append("---\n\n# Guided session: ").append(title).append("\n\n");
                for (GuidedSessionRecord.Exchange x : r.exchanges()) {
                    md.append("## ").append(x.prompt().replace('\n', ' ')).append("\n\n");
                    md.append(x.answer() == null ? "_(not answered)_" : x.answer().strip()).append("\n\n");
                }
                put(zip, names, "guided/", NAME.format(r.startedAt().atZone(s.zone())) + "-" + slug(title, "session"), md);
            }
        }
        return bytes.toByteArray();
    }

    private static void mood(StringBuilder md, Double score, String label) {
        if (label != null) {
            md.append("mood: ").append(quote(label)).append('\n');
        }
        if (score != null) {
            md.append("moodScore: ").append(String.format(Locale.ROOT, "%.3f", score)).append('\n');
        }
    }

    private static void put(ZipOutputStream zip, Set<String> names, String folder, String base, StringBuilder md)
            throws IOException {
        String name = folder + base + ".md";
        for (int i = 2; !names.add(name); i++) {
            name = folder + base + "-" + i + ".md";
        }
        zip.putNextEntry(new ZipEntry(name));
        zip.write(md.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A YAML double-quoted scalar: JSON string escaping is valid YAML. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Lower-case ASCII words of the title joined by dashes, at most 40 characters. */
    static String slug(String title, String fallback) {
        if (title == null) {
            return fallback;
        }
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (ascii.length() > 40) {
            ascii = ascii.substring(0, 40).replaceAll("-+$", "");
        }
        return ascii.isEmpty() ? fallback : ascii;
    }
}
