package io.pauz.garden.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.garden.Season;
import io.pauz.api.garden.SeasonPalette;
import io.pauz.garden.internal.Scene.Curve;
import io.pauz.garden.internal.Scene.Ellipse;
import io.pauz.garden.internal.Scene.Group;
import io.pauz.garden.internal.Scene.Node;
import io.pauz.garden.internal.Scene.Rect;
import io.pauz.garden.internal.Scene.Text;

/**
 * Paints a garden into a {@link Scene}: a sky and rolling ground in the season's palette, the season's weather (sun
 * and clouds, drifting blossom, falling leaves, snow; moon and stars at night), then the flowers from the back row
 * to the front so nearer flowers stand in front. A flower's stem length and head size grow with its stage; early
 * stages are closed buds, later ones open their petals until full bloom. Everything random is seeded (by the user
 * or the flower id), so the same garden always looks the same.
 */
final class GardenPainter {
    private static final String STEM = "#4a8a3a";
    private static final String LEAF = "#5d9e48";
    private static final String WHITE = "#ffffff";

    private GardenPainter() {
    }

    /** One flower to draw. */
    record Bloom(String id, String kind, FlowerDefinition definition, int stage, int cell, String tooltip) {
    }

    /** Everything the picture shows. {@code seed} keeps the weather of one garden the same between requests. */
    record Picture(String title, String subtitle, Season season, SeasonPalette palette, boolean night, String seed,
            int columns, List<Bloom> blooms, String emptyHint) {
    }

    /** The box a flower may draw in at its stage: x1, y1, x2, y2. */
    record Box(double x1, double y1, double x2, double y2) {
        boolean overlaps(Box o) {
            return x1 < o.x2 && o.x1 < x2 && y1 < o.y2 && o.y1 < y2;
        }
    }

    static Layout layout(Picture p) {
        int highest = p.blooms().stream().mapToInt(Bloom::cell).max().orElse(-1);
        return new Layout(p.columns(), highest);
    }

    static Scene paint(Picture picture) {
        Picture p = picture;
        if (p.night()) { // the ground and hills darken with the sky
            SeasonPalette d = p.palette();
            p = new Picture(p.title(), p.subtitle(), p.season(), new SeasonPalette(d.season(), d.sky(),
                    Colors.mix(d.ground(), "#0b1433", 0.5), d.accent()), true, p.seed(), p.columns(), p.blooms(), p.emptyHint());
        }
        Layout layout = layout(p);
        Scene scene = new Scene(layout.width(), layout.height(), p.title());
        SplittableRandom weather = Layout.random("weather:" + p.seed());
        sky(scene, p, layout, weather);
        ground(scene, p, layout, weather);
        List<Bloom> ordered = new ArrayList<>(p.blooms());
        ordered.sort(Comparator.comparingInt(Bloom::cell)); // row-major: back rows first
        for (Bloom b : ordered) {
            scene.add(flower(layout, b));
        }
        if (ordered.isEmpty() && p.emptyHint() != null) {
            scene.add(new Text(layout.width() / 2, layout.groundTop() + layout.rows * Layout.CELL_H / 2, 16, false,
                    Colors.darker(p.palette().ground(), 0.6), "middle", p.emptyHint()));
        }
        if (p.season() == Season.WINTER) { // snow falls in front of everything
            for (int i = 0; i < 36; i++) {
                scene.add(Ellipse.circle(weather.nextDouble() * layout.width(), weather.nextDouble() * layout.height(),
                        1.2 + weather.nextDouble() * 2.2, WHITE, 0.85));
            }
        }
        return scene;
    }

    // ---- background ----------------------------------------------------------------------------

    private static void sky(Scene s, Picture p, Layout l, SplittableRandom r) {
        String sky = p.palette().sky();
        double w = l.width();
        double h = l.groundTop() + 40;
        String top = p.night() ? Colors.mix(sky, "#0b1433", 0.85) : Colors.darker(sky, 0.12);
        String bottom = p.night() ? Colors.mix(sky, "#2b3a6b", 0.6) : Colors.lighter(sky, 0.35);
        s.add(new Rect(0, 0, w, h, top, bottom, 1));
        if (p.night()) {
            for (int i = 0; i < 40; i++) {
                s.add(Ellipse.circle(r.nextDouble() * w, 70 + r.nextDouble() * (l.groundTop() - 80), 0.6 + r.nextDouble() * 1.2,
                        WHITE, 0.5 + r.nextDouble() * 0.5));
            }
            double mx = w - 110;
            s.add(Ellipse.circle(mx, 70, 46, "#f4f1de", 0.12));
            s.add(Ellipse.circle(mx, 70, 26, "#f4f1de", 1));
            s.add(Ellipse.circle(mx + 11, 63, 22, Colors.mix(top, bottom, 63 / h), 1)); // the crescent's shadow
        } else {
            sun(s, p.season(), w - 110);
            int clouds = switch (p.season()) {
                case SUMMER -> 1;
                case WINTER -> 3;
                default -> 2;
            };
            for (int i = 0; i < clouds; i++) {
                cloud(s, 140 + r.nextDouble() * (w - 380), 45 + r.nextDouble() * 70, 0.8 + r.nextDouble() * 0.5,
                        p.season() == Season.WINTER ? "#eef2f6" : WHITE);
            }
        }
        String accent = p.palette().accent();
        switch (p.season()) {
            case SPRING -> { // drifting blossom
                for (int i = 0; i < 14; i++) {
                    s.add(new Ellipse(r.nextDouble() * w, 80 + r.nextDouble() * (l.groundTop() - 90), 3.2, 2, r.nextDouble() * 180,
                            i % 3 == 0 ? WHITE : accent, 0.85));
                }
            }
            case SUMMER -> { // two butterflies above the meadow, by day
                for (int i = 0; i < (p.night() ? 0 : 2); i++) {
                    double bx = 150 + r.nextDouble() * (w - 300);
                    double by = l.groundTop() - 30 - r.nextDouble() * 50;
                    s.add(new Ellipse(bx - 4, by, 5, 3.5, -30, accent, 0.95));
                    s.add(new Ellipse(bx + 4, by, 5, 3.5, 30, accent, 0.95));
                    s.add(Curve.line(bx, by - 3, bx, by + 3, "#3a3a3a", 1.2, 1));
                }
            }
            case AUTUMN -> { // falling leaves
                for (int i = 0; i < 16; i++) {
                    s.add(new Ellipse(r.nextDouble() * w, 70 + r.nextDouble() * (l.groundTop() - 60), 6, 3, r.nextDouble() * 180,
                            i % 2 == 0 ? accent : Colors.darker(accent, 0.25), 0.9));
                }
            }
            case WINTER -> {
                // snow is drawn last, over everything
            }
        }
        String ink = Colors.luminance(top) > 0.55 ? "#22313f" : WHITE;
        s.add(new Text(24, 40, 22, true, ink, "start", p.title()));
        if (p.subtitle() != null) {
            s.add(new Text(24, 62, 13, false, ink, "start", p.subtitle()));
        }
    }

    private static void sun(Scene s, Season season, double x) {
        String colour;
        double y;
        double radius;
        switch (season) {
            case SUMMER -> { colour = "#ffd23f"; y = 66; radius = 34; }
            case AUTUMN -> { colour = "#f4a64a"; y = 96; radius = 30; }
            case WINTER -> { colour = "#fff2cf"; y = 100; radius = 26; }
            default -> { colour = "#ffe17a"; y = 76; radius = 30; }
        }
        s.add(Ellipse.circle(x, y, radius * 1.9, colour, 0.18));
        if (season == Season.SUMMER || season == Season.SPRING) {
            for (int i = 0; i < 12; i++) {
                double a = Math.toRadians(i * 30 + 15);
                s.add(Curve.line(x + Math.cos(a) * (radius + 8), y + Math.sin(a) * (radius + 8),
                        x + Math.cos(a) * (radius + 20), y + Math.sin(a) * (radius + 20), colour, 3, 0.8));
            }
        }
        s.add(Ellipse.circle(x, y, radius, colour, 1));
    }

    private static void cloud(Scene s, double x, double y, double k, String colour) {
        s.add(new Ellipse(x, y, 34 * k, 14 * k, 0, colour, 0.9));
        s.add(Ellipse.circle(x - 14 * k, y - 8 * k, 15 * k, colour, 0.9));
        s.add(Ellipse.circle(x + 10 * k, y - 12 * k, 19 * k, colour, 0.9));
    }

    private static void ground(Scene s, Picture p, Layout l, SplittableRandom r) {
        String ground = p.palette().ground();
        String sky = p.palette().sky();
        double w = l.width();
        double top = l.groundTop();
        // Hills in the distance, hazy with the sky's colour.
        String far = Colors.mix(ground, sky, 0.45);
        String near = Colors.mix(ground, sky, 0.2);
        s.add(new Ellipse(w * 0.18, top + 30, w * 0.34, 70, 0, far, 1));
        s.add(new Ellipse(w * 0.78, top + 36, w * 0.38, 78, 0, far, 1));
        s.add(new Ellipse(w * 0.5, top + 44, w * 0.4, 60, 0, near, 1));
        s.add(new Rect(0, top, w, l.height() - top, ground, Colors.darker(ground, 0.14), 1));
        // Tufts of grass (or drifts of snow) between the beds, behind the flowers.
        String tuft = p.season() == Season.WINTER ? WHITE : Colors.darker(ground, 0.22);
        int tufts = (int) (w * l.rows / 60);
        for (int i = 0; i < tufts; i++) {
            double x = r.nextDouble() * w;
            double y = top + 10 + r.nextDouble() * (l.height() - top - 14);
            if (p.season() == Season.WINTER) {
                s.add(new Ellipse(x, y, 10 + r.nextDouble() * 14, 2.5 + r.nextDouble() * 2, 0, tuft, 0.7));
            } else {
                s.add(Curve.line(x, y, x - 3, y - 7, tuft, 1.4, 0.7));
                s.add(Curve.line(x, y, x + 1, y - 9, tuft, 1.4, 0.7));
                s.add(Curve.line(x, y, x + 4, y - 6, tuft, 1.4, 0.7));
            }
        }
        if (p.season() == Season.AUTUMN) { // leaves on the ground
            for (int i = 0; i < tufts / 3; i++) {
                s.add(new Ellipse(r.nextDouble() * w, top + 12 + r.nextDouble() * (l.height() - top - 16), 5, 2.5,
                        r.nextDouble() * 180, Colors.mix(p.palette().accent(), ground, 0.3), 0.8));
            }
        }
    }

    // ---- flowers -------------------------------------------------------------------------------

    /** Head radius at a stage: grows from a bud to {@link Layout#MAX_R} at full bloom. */
    static double radius(int stage, int stages) {
        return 6 + (Layout.MAX_R - 6) * stage / (double) stages;
    }

    static double stem(int stage, int stages) {
        return 24 + (Layout.MAX_STEM - 24) * stage / (double) stages;
    }

    static Box box(Layout.Spot spot, int stage, int stages) {
        double rr = radius(stage, stages) * Layout.HALO;
        double hx = spot.baseX() + spot.sway();
        double hy = spot.baseY() - stem(stage, stages);
        return new Box(Math.min(spot.baseX() - Layout.LEAF_REACH, hx - rr), hy - rr,
                Math.max(spot.baseX() + Layout.LEAF_REACH, hx + rr), spot.baseY() + Layout.SHADOW);
    }

    static Group flower(Layout layout, Bloom b) {
        FlowerDefinition d = b.definition();
        int stages = d.growthStages();
        int stage = Math.max(1, Math.min(stages, b.stage()));
        Layout.Spot spot = layout.spot(b.id(), b.cell());
        double f = stage / (double) stages;
        double radius = radius(stage, stages);
        double stem = stem(stage, stages);
        double bx = spot.baseX();
        double by = spot.baseY();
        double hx = bx + spot.sway();
        double hy = by - stem;
        List<String> colours = d.colors().isEmpty() ? List.of("#cccccc") : d.colors();
        String main = colours.get(0);
        Box box = box(spot, stage, stages);

        List<Node> parts = new ArrayList<>();
        parts.add(new Ellipse(bx, by, 12, Layout.SHADOW, 0, "#000000", 0.12));
        parts.add(new Curve(bx, by, bx - spot.sway() * 0.6, by - stem * 0.55, hx, hy, STEM, 2 + 1.6 * f, 1));
        double leaf = 7 + 5 * f;
        parts.add(new Ellipse(bx - leaf * 0.6, by - stem * 0.3, leaf, 2.6 + 1.6 * f, -28, LEAF, 1));
        if (stage > 1) {
            parts.add(new Ellipse(bx + leaf * 0.6, by - stem * 0.5, leaf, 2.6 + 1.6 * f, 28, LEAF, 1));
        }
        if (stage == 1) {
            // A closed bud: a glimpse of the petal colour inside green sepals.
            parts.add(new Ellipse(hx, hy, radius * 0.5, radius * 0.85, spot.sway() * 2, main, 1));
            parts.add(new Ellipse(hx, hy + radius * 0.35, radius * 0.6, radius * 0.45, 0, LEAF, 1));
        } else {
            double open = (stage - 1) / (double) (stages - 1);
            int n = Math.max(1, d.petals());
            double length = radius * (0.55 + 0.45 * open);
            double width = Math.max(radius * 0.14, Math.min(radius * 0.42, Math.PI * radius / n * 0.8 * (0.6 + 0.4 * open)));
            if (stage == stages) {
                parts.add(Ellipse.circle(hx, hy, radius * Layout.HALO, main, 0.14));
            }
            for (int i = 0; i < n; i++) {
                double a = spot.rotation() + i * 360.0 / n;
                double rad = Math.toRadians(a);
                parts.add(new Ellipse(hx + Math.cos(rad) * length / 2, hy + Math.sin(rad) * length / 2, length / 2,
                        Math.min(width, length / 2), a, colours.get(i % colours.size()), 1));
            }
            double heart = radius * (0.2 + 0.12 * open);
            parts.add(Ellipse.circle(hx, hy, heart, d.centerColor(), 1));
            parts.add(Ellipse.circle(hx - heart * 0.3, hy - heart * 0.3, heart * 0.35, Colors.lighter(d.centerColor(), 0.4), 0.8));
        }
        List<String[]> data = List.of(new String[] { "id", b.id() }, new String[] { "kind", b.kind() },
                new String[] { "stage", stage + "/" + stages },
                new String[] { "box", SvgRenderer.num(box.x1()) + " " + SvgRenderer.num(box.y1()) + " "
                        + SvgRenderer.num(box.x2()) + " " + SvgRenderer.num(box.y2()) });
        return new Group("flower", b.tooltip(), data, parts);
    }
}
