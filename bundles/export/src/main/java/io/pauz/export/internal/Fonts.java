package io.pauz.export.internal;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fonts of the PDF book and which characters each can draw. Every character goes to the first font of its
 * style's chain that has a glyph for it: the DejaVu fonts shipped in this bundle, then system fonts found at the
 * configured paths (CJK, symbols). A character no font has is drawn as a visible box; invisible formatting
 * characters (emoji joiners, variation selectors, skin tones nobody can draw) are dropped. So no text makes the
 * export fail. Coverage is read once; each document loads (and embeds as a subset) only the fonts it uses.
 */
final class Fonts {
    private static final Logger LOG = LoggerFactory.getLogger(Fonts.class);
    static final int BOX = 0x25A1; // WHITE SQUARE: stands in for a character no font can draw

    enum Style { REGULAR, BOLD, ITALIC }

    /** A font file and the code points it covers. */
    static final class Source {
        final String name;
        final byte[] bytes; // bundled fonts: kept in memory, parsed per document
        final File file; // system fonts: read from disk per document
        final BitSet coverage;

        Source(String name, byte[] bytes, File file, BitSet coverage) {
            this.name = name;
            this.bytes = bytes;
            this.file = file;
            this.coverage = coverage;
        }

        boolean covers(int cp) {
            return coverage.get(cp);
        }
    }

    private final Map<Style, List<Source>> chains = new EnumMap<>(Style.class);
    private final List<Source> all = new ArrayList<>();

    /**
     * @param system paths of extra font files (.ttf, .otf, .ttc); missing or unusable ones are skipped
     */
    Fonts(List<String> system) {
        Source serif = bundled("DejaVuSerif.ttf");
        Source serifBold = bundled("DejaVuSerif-Bold.ttf");
        Source serifItalic = bundled("DejaVuSerif-Italic.ttf");
        Source sans = bundled("DejaVuSans.ttf");
        Source sansBold = bundled("DejaVuSans-Bold.ttf");
        List<Source> extra = new ArrayList<>();
        for (String path : system == null ? List.<String>of() : system) {
            Source s = systemFont(path);
            if (s != null) {
                extra.add(s);
            }
        }
        chains.put(Style.REGULAR, chain(List.of(serif, sans), extra));
        chains.put(Style.BOLD, chain(List.of(serifBold, sansBold, sans), extra));
        chains.put(Style.ITALIC, chain(List.of(serifItalic, serif, sans), extra));
        all.addAll(List.of(serif, serifBold, serifItalic, sans, sansBold));
        all.addAll(extra);
    }

    private static List<Source> chain(List<Source> first, List<Source> extra) {
        List<Source> c = new ArrayList<>(first);
        c.addAll(extra);
        return List.copyOf(c);
    }

    List<Source> sources() {
        return List.copyOf(all);
    }

    List<Source> chain(Style style) {
        return chains.get(style);
    }

    private static Source bundled(String file) {
        try (InputStream in = Fonts.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("font " + file + " is missing from the bundle");
            }
            byte[] bytes = withoutGsub(in.readAllBytes());
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
            try {
                return new Source(file, bytes, null, coverage(ttf));
            } finally {
                ttf.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled font " + file, e);
        }
    }

    /**
     * The font with its GSUB table hidden (its tag renamed). PDFBox applies GSUB rules (Latin ligatures) to every
     * shown string through a regex tokenizer, which took most of the time of a year's PDF; the book reads as well
     * without "fi" ligatures, and copied text stays plain. The subset embedded in the PDF never carries GSUB anyway.
     */
    static byte[] withoutGsub(byte[] font) {
        if (font.length < 12) {
            return font;
        }
        int tables = ((font[4] & 0xff) << 8) | (font[5] & 0xff);
        for (int i = 0; i < tables; i++) {
            int at = 12 + 16 * i;
            if (at + 4 > font.length) {
                break;
            }
            if (font[at] == 'G' && font[at + 1] == 'S' && font[at + 2] == 'U' && font[at + 3] == 'B') {
                font[at] = 'x'; // "xSUB": an unknown table, ignored by the parser's GSUB lookup
            }
        }
        return font;
    }

    /** A system font usable for embedding, or null (missing, unreadable, or CFF outlines PDFBox cannot subset). */
    private static Source systemFont(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            return null;
        }
        try (Opened o = open(f)) {
            if (o.font instanceof org.apache.fontbox.ttf.OpenTypeFont otf && otf.isPostScript()) {
                LOG.info("font {} has CFF outlines, which cannot be embedded as a subset; skipped", path);
                return null;
            }
            BitSet cov = coverage(o.font);
            // Proves the font embeds: a broken table fails here once, not in a user's export.
            try (PDDocument probe = new PDDocument()) {
                PDType0Font font = PDType0Font.load(probe, o.font, true);
                PDPage page = new PDPage();
                probe.addPage(page);
                int cp = cov.nextSetBit('A');
                try (PDPageContentStream cs = new PDPageContentStream(probe, page)) {
                    cs.beginText();
                    cs.setFont(font, 10);
                    cs.showText(new String(Character.toChars(cp < 0 ? 'A' : cp)));
                    cs.endText();
                }
                probe.save(OutputStream.nullOutputStream());
            }
            LOG.info("fallback font {} ({} characters)", path, cov.cardinality());
            return new Source(f.getName(), null, f, cov);
        } catch (IOException | RuntimeException e) {
            LOG.info("font {} is not usable for PDF export: {}", path, e.toString());
            return null;
        }
    }

    private static BitSet coverage(TrueTypeFont ttf) throws IOException {
        CmapLookup cmap = ttf.getUnicodeCmapLookup(false);
        BitSet set = new BitSet(0x10000);
        if (cmap == null) {
            return set;
        }
        int glyphs = ttf.getNumberOfGlyphs();
        for (int gid = 1; gid < glyphs; gid++) {
            List<Integer> codes = cmap.getCharCodes(gid);
            if (codes != null) {
                for (int code : codes) {
                    if (code >= 0) {
                        set.set(code);
                    }
                }
            }
        }
        return set;
    }

    /** A system font file opened for reading (a .ttc keeps its collection open while the font is used). */
    private record Opened(TrueTypeFont font, Closeable owner) implements Closeable {
        @Override
        public void close() throws IOException {
            owner.close();
        }
    }

    private static Opened open(File f) throws IOException {
        String name = f.getName().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".ttc") || name.endsWith(".otc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(f);
            TrueTypeFont[] first = new TrueTypeFont[1];
            try {
                ttc.processAllFonts(ttf -> {
                    if (first[0] == null) {
                        first[0] = ttf;
                    }
                });
            } catch (IOException | RuntimeException e) {
                ttc.close();
                throw e;
            }
            if (first[0] == null) {
                ttc.close();
                throw new IOException("empty font collection");
            }
            return new Opened(first[0], ttc);
        }
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(java.nio.file.Files.readAllBytes(f.toPath())));
        return new Opened(ttf, ttf);
    }

    /** The fonts of one document: each loaded on first use and embedded as a subset when the document is saved. */
    final class ForDocument implements Closeable {
        private final PDDocument doc;
        private final Map<Source, PDType0Font> loaded = new HashMap<>();
        private final List<Closeable> open = new ArrayList<>();
        private final Map<Style, Map<Integer, Glyph>> resolved = new EnumMap<>(Style.class);
        private final Map<PDType0Font, Map<Integer, Float>> widths = new HashMap<>();

        ForDocument(PDDocument doc) {
            this.doc = doc;
        }

        /** How one code point is drawn: its font and the text to show (the code point itself or the box). */
        record Glyph(PDType0Font font, String text, float width) {
        }

        /** The glyph for {@code cp} in {@code style}; null for characters that are dropped. */
        Glyph glyph(Style style, int cp) {
            Map<Integer, Glyph> cache = resolved.computeIfAbsent(style, s -> new HashMap<>());
            Glyph g = cache.get(cp);
            if (g == null && !cache.containsKey(cp)) {
                g = resolve(style, cp);
                cache.put(cp, g);
            }
            return g;
        }

        private Glyph resolve(Style style, int cp) {
            for (Source s : chains.get(style)) {
                if (s.covers(cp)) {
                    Glyph g = make(s, cp);
                    if (g != null) {
                        return g;
                    }
                }
            }
            if (invisible(cp)) {
                return null;
            }
            for (Source s : chains.get(style)) {
                if (s.covers(BOX)) {
                    Glyph g = make(s, BOX);
                    if (g != null) {
                        return g;
                    }
                }
            }
            return null;
        }

        private Glyph make(Source s, int cp) {
            PDType0Font font = font(s);
            if (font == null) {
                return null;
            }
            String text = new String(Character.toChars(cp));
            try {
                float w = font.getStringWidth(text) / 1000f;
                return new Glyph(font, text, w);
            } catch (IOException | IllegalArgumentException e) {
                return null; // the cmap promised a glyph the font cannot encode: try the next font
            }
        }

        private PDType0Font font(Source s) {
            if (loaded.containsKey(s)) {
                return loaded.get(s);
            }
            PDType0Font font = null;
            try {
                if (s.bytes != null) {
                    font = PDType0Font.load(doc, new ByteArrayInputStream(s.bytes), true);
                } else {
                    Opened o = open(s.file);
                    open.add(o);
                    font = PDType0Font.load(doc, o.font(), true);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("font {} could not be loaded: {}", s.name, e.toString());
            }
            loaded.put(s, font);
            return font;
        }

        /** The plain font of a style, for text known to be covered (digits, page numbers). */
        PDType0Font primary(Style style) {
            return font(chains.get(style).get(0));
        }

        float width(PDType0Font font, String s) {
            Map<Integer, Float> w = widths.computeIfAbsent(font, f -> new HashMap<>());
            float total = 0;
            for (int i = 0; i < s.length();) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                Float one = w.get(cp);
                if (one == null) {
                    try {
                        one = font.getStringWidth(new String(Character.toChars(cp))) / 1000f;
                    } catch (IOException | IllegalArgumentException e) {
                        one = 0.5f;
                    }
                    w.put(cp, one);
                }
                total += one;
            }
            return total;
        }

        @Override
        public void close() {
            for (Closeable c : open) {
                try {
                    c.close();
                } catch (IOException e) {
                    LOG.debug("closing font: {}", e.toString());
                }
            }
        }
    }

    /** Zero-width characters that are better left out than drawn as a box. */
    static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL || type == Character.NON_SPACING_MARK
                && (cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF)
                || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0x1F3FB && cp <= 0x1F3FF || cp >= 0xE0000 && cp <= 0xE007F;
    }
}
