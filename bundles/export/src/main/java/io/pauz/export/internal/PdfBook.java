package io.pauz.export.internal;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageXYZDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;
import io.pauz.export.internal.Fonts.ForDocument.Glyph;
import io.pauz.export.internal.Fonts.Style;

/**
 * The journal as a book: a title page (name, range, counts, the garden), a table of contents by month, then one
 * section per day with its entries and guided sessions (time, title, mood, wrapped paragraphs), page numbers
 * "n / N" and bookmarks per month and day. Layout is done here line by line: text goes through {@link Fonts} one
 * code point at a time, so any character either draws in some embedded font or as a box.
 */
final class PdfBook {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x6b, 0x6b, 0x6b);
    private static final Color ACCENT = new Color(0x3d, 0x6b, 0x4f);
    private static final float BODY = 10.5f;
    private static final float LEADING = 1.42f;

    private final Fonts fonts;
    private final PDRectangle size;
    private final float margin;

    PdfBook(Fonts fonts, PDRectangle size) {
        this.fonts = fonts;
        this.size = size;
        this.margin = Math.max(36, size.getWidth() * 0.11f);
    }

    record Result(byte[] bytes, int pages) {
    }

    /** One day of the journal: its entries and sessions, merged by time. */
    private record Item(Instant at, JournalEntry entry, GuidedSessionRecord session) {
    }

    Result render(Snapshot s, byte[] gardenPng) throws IOException {
        Map<LocalDate, List<Item>> days = new TreeMap<>();
        for (JournalEntry e : s.entries()) {
            days.computeIfAbsent(e.createdAt().atZone(s.zone()).toLocalDate(), d -> new ArrayList<>())
                    .add(new Item(e.createdAt(), e, null));
        }
        for (GuidedSessionRecord r : s.sessions()) {
            days.computeIfAbsent(r.startedAt().atZone(s.zone()).toLocalDate(), d -> new ArrayList<>())
                    .add(new Item(r.startedAt(), null, r));
        }
        days.values().forEach(l -> l.sort((a, b) -> a.at().compareTo(b.at())));

        try (PDDocument doc = new PDDocument(); Fonts.ForDocument f = fonts.new ForDocument(doc)) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Journal of " + s.name());
            info.setAuthor(s.name());
            info.setCreator("PAUZ");
            info.setProducer("PAUZ export (Apache PDFBox)");
            info.setCreationDate(java.util.GregorianCalendar.from(s.exportedAt().atZone(s.zone())));

            Layout out = new Layout(doc, f);
            titlePage(out, s, days, gardenPng);

            // The contents: one line per month; its pages are reserved now and written once page numbers are known.
            Map<YearMonth, List<LocalDate>> months = new TreeMap<>();
            for (LocalDate d : days.keySet()) {
                months.computeIfAbsent(YearMonth.from(d), m -> new ArrayList<>()).add(d);
            }
            float tocLine = 16;
            int perPage = Math.max(1, (int) ((size.getHeight() - 2 * margin - 40) / tocLine));
            int tocPages = Math.max(1, (months.size() + perPage - 1) / perPage);
            List<PDPage> toc = new ArrayList<>();
            for (int i = 0; i < tocPages; i++) {
                PDPage p = new PDPage(size);
                doc.addPage(p);
                toc.add(p);
            }

            Map<YearMonth, PDPageXYZDestination> monthStarts = new TreeMap<>();
            PDDocumentOutline outline = new PDDocumentOutline();
            doc.getDocumentCatalog().setDocumentOutline(outline);
            PDOutlineItem contents = new PDOutlineItem();
            contents.setTitle("Contents");
            contents.setDestination(xyz(toc.get(0), size.getHeight()));
            outline.addLast(contents);

            out.newPage();
            if (days.isEmpty()) {
                out.paragraph("No entries or guided sessions in this range.", Style.ITALIC, BODY, MUTED, 0);
            }
            PDOutlineItem monthItem = null;
            YearMonth current = null;
            for (Map.Entry<LocalDate, List<Item>> day : days.entrySet()) {
                YearMonth m = YearMonth.from(day.getKey());
                if (!m.equals(current)) {
                    if (current != null) {
                        out.newPage(); // every month starts on a new page, like a chapter
                    }
                    current = m;
                    out.heading(MONTH.format(m), Style.BOLD, 17, ACCENT, 8);
                    PDPageXYZDestination dest = out.destination(17 * 1.6f);
                    monthStarts.put(m, dest);
                    monthItem = new PDOutlineItem();
                    monthItem.setTitle(MONTH.format(m));
                    monthItem.setDestination(dest);
                    outline.addLast(monthItem);
                }
                out.ensure(13 * LEADING + 3 * BODY * LEADING + 8);
                PDPageXYZDestination dayDest = out.destination(0);
                out.heading(DAY.format(day.getKey()), Style.BOLD, 12.5f, INK, 2);
                out.rule();
                PDOutlineItem dayItem = new PDOutlineItem();
                dayItem.setTitle(DAY.format(day.getKey()));
                dayItem.setDestination(dayDest);
                monthItem.addLast(dayItem);
                for (Item item : day.getValue()) {
                    if (item.entry() != null) {
                        entry(out, item.entry(), s);
                    } else {
                        session(out, item.session(), s);
                    }
                }
                out.space(10);
            }
            out.finish();
            writeContents(doc, f, toc, perPage, tocLine, months, monthStarts);
            pageNumbers(doc, f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            doc.save(bytes);
            return new Result(bytes.toByteArray(), doc.getNumberOfPages());
        }
    }

    private void titlePage(Layout out, Snapshot s, Map<LocalDate, List<Item>> days, byte[] gardenPng) throws IOException {
        out.newPage();
        out.space(size.getHeight() * 0.12f);
        out.centered("Journal", Style.ITALIC, 14, MUTED);
        out.space(6);
        out.centered(s.name(), Style.BOLD, 24, INK);
        out.space(10);
        out.centered(range(s, days), Style.REGULAR, 12, INK);
        out.space(6);
        int entries = s.entries().size();
        int sessions = s.sessions().size();
        out.centered(entries + (entries == 1 ? " entry" : " entries") + " · " + sessions
                + (sessions == 1 ? " guided session" : " guided sessions"), Style.REGULAR, 10, MUTED);
        if (gardenPng != null && gardenPng.length > 0) {
            try {
                PDImageXObject img = PDImageXObject.createFromByteArray(out.doc, gardenPng, "garden.png");
                float maxW = size.getWidth() - 2 * margin;
                float maxH = out.y - margin - 40;
                float scale = Math.min(maxW / img.getWidth(), maxH / img.getHeight());
                if (scale > 0) {
                    float w = img.getWidth() * scale;
                    float h = img.getHeight() * scale;
                    out.space(24);
                    out.cs.drawImage(img, (size.getWidth() - w) / 2, out.y - h, w, h);
                    out.y -= h + 8;
                    out.centered("My garden", Style.ITALIC, 9, MUTED);
                }
            } catch (IOException | RuntimeException e) {
                // A picture that cannot be read leaves the title page without it; the journal still exports.
            }
        }
        out.y = margin + 20;
        out.centered("Exported " + DATE.format(s.exportedAt().atZone(s.zone())) + " from PAUZ", Style.ITALIC, 8.5f, MUTED);
    }

    private static String range(Snapshot s, Map<LocalDate, List<Item>> days) {
        LocalDate first = s.from() != null ? s.from().atZone(s.zone()).toLocalDate()
                : days.isEmpty() ? null : ((TreeMap<LocalDate, List<Item>>) days).firstKey();
        LocalDate last = s.to() != null ? s.to().minusMillis(1).atZone(s.zone()).toLocalDate()
                : days.isEmpty() ? null : ((TreeMap<LocalDate, List<Item>>) days).lastKey();
        if (first == null || last == null) {
            return "All entries";
        }
        return first.equals(last) ? DATE.format(first) : DATE.format(first) + " – " + DATE.format(last);
    }

    private void entry(Layout out, JournalEntry e, Snapshot s) throws IOException {
        out.ensure(BODY * LEADING * 3 + 12);
        if (e.title() != null && !e.title().isBlank()) {
            out.paragraph(e.title(), Style.BOLD, 11.5f, INK, 1);
        }
        String meta = TIME.format(e.createdAt().atZone(s.zone()))
                + ("voice".equals(e.source()) ? " · spoken" : "");
        out.meta(meta, e.moodScore(), e.moodLabel());
        text(out, e.text() == null ? e.preview() : e.text());
        out.space(8);
    }

    private void session(Layout out, GuidedSessionRecord r, Snapshot s) throws IOException {
        out.ensure(BODY * LEADING * 3 + 12);
        String title = r.topicTitle() == null || r.topicTitle().isBlank() ? r.topic() : r.topicTitle();
        out.paragraph("Guided session · " + title, Style.BOLD, 11.5f, INK, 1);
        long answered = r.exchanges().stream().filter(x -> x.answer() != null).count();
        String time = TIME.format(r.startedAt().atZone(s.zone()))
                + (r.completedAt() == null ? "" : "–" + TIME.format(r.completedAt().atZone(s.zone())));
        out.meta(time + " · " + answered + " of " + r.plannedPrompts() + " prompts"
                + (r.completedAt() == null ? " · not completed" : ""), r.moodScore(), r.moodLabel());
        for (GuidedSessionRecord.Exchange x : r.exchanges()) {
            out.ensure(BODY * LEADING * 2 + 4);
            out.paragraph(x.prompt(), Style.ITALIC, BODY, ACCENT, 2);
            if (x.answer() != null) {
                text(out, x.answer());
            } else {
                out.paragraph("(not answered)", Style.ITALIC, BODY - 1, MUTED, 4);
            }
        }
        out.space(8);
    }

    /** Paragraphs separated by blank lines; single line breaks are kept as breaks. */
    private static void text(Layout out, String text) throws IOException {
        if (text == null || text.isBlank()) {
            out.paragraph("(empty)", Style.ITALIC, BODY - 1, MUTED, 4);
            return;
        }
        String normal = Normalizer.normalize(text.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC)
                .replace("\t", "    ");
        for (String para : normal.split("\n\\s*\n")) {
            if (!para.isBlank()) {
                out.paragraph(para.strip(), Style.REGULAR, BODY, INK, 5);
            }
        }
    }

    private void writeContents(PDDocument doc, Fonts.ForDocument f, List<PDPage> toc, int perPage, float line,
            Map<YearMonth, List<LocalDate>> months, Map<YearMonth, PDPageXYZDestination> starts) throws IOException {
        List<YearMonth> ms = new ArrayList<>(months.keySet());
        for (int p = 0; p < toc.size(); p++) {
            PDPage page = toc.get(p);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, AppendMode.APPEND, true)) {
                float y = size.getHeight() - margin;
                if (p == 0) {
                    drawLine(cs, f, "Contents", Style.BOLD, 17, ACCENT, margin, y - 17);
                }
                y -= 40;
                for (int i = p * perPage; i < Math.min(ms.size(), (p + 1) * perPage); i++) {
                    YearMonth m = ms.get(i);
                    PDPageXYZDestination dest = starts.get(m);
                    int pageNo = doc.getPages().indexOf(dest.getPage()) + 1;
                    int count = months.get(m).size();
                    String left = MONTH.format(m);
                    String note = count + (count == 1 ? " day" : " days");
                    String right = String.valueOf(pageNo);
                    float rightW = f.width(f.primary(Style.REGULAR), right) * 11;
                    drawLine(cs, f, left, Style.REGULAR, 11, INK, margin, y);
                    float leftW = f.width(f.primary(Style.REGULAR), left) * 11;
                    drawLine(cs, f, note, Style.ITALIC, 8.5f, MUTED, margin + leftW + 8, y);
                    drawLine(cs, f, right, Style.REGULAR, 11, INK, size.getWidth() - margin - rightW, y);
                    PDAnnotationLink link = new PDAnnotationLink();
                    link.setRectangle(new PDRectangle(margin, y - 3, size.getWidth() - 2 * margin, line));
                    PDBorderStyleDictionary border = new PDBorderStyleDictionary();
                    border.setWidth(0);
                    link.setBorderStyle(border);
                    PDActionGoTo go = new PDActionGoTo();
                    go.setDestination(dest);
                    link.setAction(go);
                    page.getAnnotations().add(link);
                    y -= line;
                }
            }
        }
    }

    private void pageNumbers(PDDocument doc, Fonts.ForDocument f) throws IOException {
        int total = doc.getNumberOfPages();
        PDType0Font font = f.primary(Style.REGULAR);
        for (int i = 1; i < total; i++) { // the title page has none
            String label = (i + 1) + " / " + total;
            float w = f.width(font, label) * 8.5f;
            try (PDPageContentStream cs = new PDPageContentStream(doc, doc.getPage(i), AppendMode.APPEND, true)) {
                cs.beginText();
                cs.setFont(font, 8.5f);
                cs.setNonStrokingColor(MUTED);
                cs.newLineAtOffset((size.getWidth() - w) / 2, margin / 2);
                cs.showText(label);
                cs.endText();
            }
        }
    }

    private static void drawLine(PDPageContentStream cs, Fonts.ForDocument f, String text, Style style, float pt,
            Color color, float x, float y) throws IOException {
        List<Glyph> glyphs = glyphs(f, text, style);
        show(cs, glyphs, pt, color, x, y);
    }

    static List<Glyph> glyphs(Fonts.ForDocument f, String text, Style style) {
        return glyphs(f, text, style, null);
    }

    /**
     * The glyphs of {@code text}; {@code cps} (if given) receives the code point of each. An emoji sequence no font
     * can draw (joined by U+200D, or a flag's two regional indicators) becomes one box, not one per part.
     */
    static List<Glyph> glyphs(Fonts.ForDocument f, String text, Style style, List<Integer> cps) {
        List<Glyph> out = new ArrayList<>(text.length());
        boolean joined = false;
        int previous = -1;
        boolean previousBox = false;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x200D) {
                joined = previousBox;
                continue;
            }
            Glyph g = f.glyph(style, cp);
            if (g == null) {
                continue;
            }
            boolean box = g.text().codePointAt(0) == Fonts.BOX && cp != Fonts.BOX;
            boolean flagPair = isRegional(cp) && isRegional(previous) && previousBox;
            if (box && (joined || flagPair)) {
                joined = false;
                previous = -1; // a third regional indicator starts a new flag
                continue;
            }
            joined = false;
            previous = cp;
            previousBox = box;
            out.add(g);
            if (cps != null) {
                cps.add(cp);
            }
        }
        return out;
    }

    private static boolean isRegional(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /** Shows glyphs as runs of one font each. */
    private static void show(PDPageContentStream cs, List<Glyph> glyphs, float pt, Color color, float x, float y)
            throws IOException {
        if (glyphs.isEmpty()) {
            return;
        }
        cs.beginText();
        cs.setNonStrokingColor(color);
        cs.newLineAtOffset(x, y);
        PDType0Font font = null;
        StringBuilder run = new StringBuilder();
        for (Glyph g : glyphs) {
            if (g.font() != font) {
                if (run.length() > 0) {
                    cs.showText(run.toString());
                    run.setLength(0);
                }
                font = g.font();
                cs.setFont(font, pt);
            }
            run.append(g.text());
        }
        if (run.length() > 0) {
            cs.showText(run.toString());
        }
        cs.endText();
    }

    private static PDPageXYZDestination xyz(PDPage page, float top) {
        PDPageXYZDestination d = new PDPageXYZDestination();
        d.setPage(page);
        d.setTop((int) top);
        return d;
    }

    /** The cursor: the current page, its content stream and the baseline position. */
    private final class Layout {
        final PDDocument doc;
        final Fonts.ForDocument f;
        PDPage page;
        PDPageContentStream cs;
        float y;

        Layout(PDDocument doc, Fonts.ForDocument f) {
            this.doc = doc;
            this.f = f;
        }

        void newPage() throws IOException {
            finish();
            page = new PDPage(size);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = size.getHeight() - margin;
        }

        void finish() throws IOException {
            if (cs != null) {
                cs.close();
                cs = null;
            }
        }

        float width() {
            return size.getWidth() - 2 * margin;
        }

        /** Starts a new page unless {@code h} more points fit on this one. */
        void ensure(float h) throws IOException {
            if (y - h < margin) {
                newPage();
            }
        }

        void space(float h) {
            y -= h;
        }

        PDPageXYZDestination destination(float above) {
            return xyz(page, y + above);
        }

        void centered(String text, Style style, float pt, Color color) throws IOException {
            List<Glyph> g = glyphs(f, text, style);
            float w = 0;
            for (Glyph x : g) {
                w += x.width() * pt;
            }
            if (w > width()) { // too long for one line: wrap like a paragraph
                paragraph(text, style, pt, color, 2);
                return;
            }
            y -= pt;
            show(cs, g, pt, color, (size.getWidth() - w) / 2, y);
            y -= pt * (LEADING - 1);
        }

        void heading(String text, Style style, float pt, Color color, float after) throws IOException {
            ensure(pt * LEADING * 2);
            paragraph(text, style, pt, color, after);
        }

        void rule() throws IOException {
            cs.setStrokingColor(new Color(0xcc, 0xcc, 0xcc));
            cs.setLineWidth(0.5f);
            cs.moveTo(margin, y + 2);
            cs.lineTo(size.getWidth() - margin, y + 2);
            cs.stroke();
            y -= 6;
        }

        /** A grey line with the time (and more) and the mood: a coloured dot, the label and the score. */
        void meta(String text, Double score, String label) throws IOException {
            String line = text;
            if (score != null || label != null) {
                line += " · mood: " + (label == null ? "" : label)
                        + (score == null ? "" : String.format(Locale.ROOT, " (%+.2f)", score));
            }
            float pt = 8.5f;
            ensure(pt * LEADING);
            y -= pt;
            float x = margin;
            if (score != null) {
                cs.setNonStrokingColor(moodColor(score));
                circle(margin + 3, y + pt * 0.33f, 2.8f);
                cs.fill();
                x += 10;
            }
            show(cs, glyphs(f, line, Style.ITALIC), pt, MUTED, x, y);
            y -= pt * (LEADING - 1) + 3;
        }

        private void circle(float cx, float cy, float r) throws IOException {
            float k = 0.552f * r;
            cs.moveTo(cx + r, cy);
            cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
            cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
            cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
            cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
            cs.closePath();
        }

        /** Wraps {@code text} at spaces (and between CJK characters) into the text width; new lines stay breaks. */
        void paragraph(String text, Style style, float pt, Color color, float after) throws IOException {
            float max = width() / pt; // in text-space units of 1 pt font size
            for (String hard : text.split("\n", -1)) {
                List<Integer> cps = new ArrayList<>();
                List<Glyph> glyphs = glyphs(f, hard, style, cps);
                int start = 0;
                while (start < glyphs.size()) {
                    // Skip spaces at the start of a wrapped line.
                    while (start < glyphs.size() && cps.get(start) == ' ' && start > 0) {
                        start++;
                    }
                    float w = 0;
                    int end = start;
                    int lastBreak = -1;
                    while (end < glyphs.size()) {
                        float gw = glyphs.get(end).width();
                        if (w + gw > max && end > start) {
                            break;
                        }
                        w += gw;
                        int cp = cps.get(end);
                        if (cp == ' ') {
                            lastBreak = end;
                        } else if (breaksAfter(cp)) {
                            lastBreak = end + 1;
                        }
                        end++;
                    }
                    if (end < glyphs.size() && lastBreak > start) {
                        end = lastBreak;
                    }
                    line(glyphs.subList(start, end), pt, color);
                    start = end;
                }
                if (glyphs.isEmpty()) {
                    y -= pt * LEADING;
                }
            }
            y -= after;
        }

        private void line(List<Glyph> glyphs, float pt, Color color) throws IOException {
            ensure(pt * LEADING);
            y -= pt;
            show(cs, glyphs, pt, color, margin, y);
            y -= pt * (LEADING - 1);
        }
    }

    /** CJK text has no spaces: a line may break after any ideograph or kana. */
    private static boolean breaksAfter(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || cp == '-' || cp == '/' || cp >= 0x3000 && cp <= 0x303F;
    }

    private static Color moodColor(double score) {
        if (score >= 0.25) {
            return new Color(0x4c, 0xa3, 0x6a);
        }
        if (score <= -0.25) {
            return new Color(0x5b, 0x7d, 0xb8);
        }
        return new Color(0xc9, 0xa2, 0x3c);
    }
}
