package io.pauz.garden.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The one drawing model of a garden picture. {@link GardenPainter} builds it once; {@link SvgRenderer} and
 * {@link PngRenderer} each only translate its few primitives, so the SVG and the PNG cannot drift apart.
 * Coordinates are user units (SVG) = pixels at scale 1 (PNG); colours are {@code #rrggbb}.
 */
final class Scene {
    final double width;
    final double height;
    final String title;
    final List<Node> nodes = new ArrayList<>();

    Scene(double width, double height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
    }

    sealed interface Node permits Rect, Ellipse, Curve, Text, Group {
    }

    /** A rectangle filled with {@code top} fading to {@code bottom} (equal for a flat fill). */
    record Rect(double x, double y, double w, double h, String top, String bottom, double opacity) implements Node {
    }

    /** An ellipse (a circle when rx == ry) turned by {@code rotate} degrees around its centre. */
    record Ellipse(double cx, double cy, double rx, double ry, double rotate, String fill, double opacity) implements Node {
        static Ellipse circle(double cx, double cy, double r, String fill, double opacity) {
            return new Ellipse(cx, cy, r, r, 0, fill, opacity);
        }
    }

    /** A stroked quadratic curve from (x1,y1) through control (cx,cy) to (x2,y2), round caps. */
    record Curve(double x1, double y1, double cx, double cy, double x2, double y2, String stroke, double width,
            double opacity) implements Node {
        static Curve line(double x1, double y1, double x2, double y2, String stroke, double width, double opacity) {
            return new Curve(x1, y1, (x1 + x2) / 2, (y1 + y2) / 2, x2, y2, stroke, width, opacity);
        }
    }

    /** Text; {@code anchor} is {@code start} or {@code middle}. The content is user-derived: renderers escape it. */
    record Text(double x, double y, double size, boolean bold, String fill, String anchor, String content) implements Node {
    }

    /** A group with a class (e.g. {@code flower}), an optional tooltip and data attributes for clients. */
    record Group(String cssClass, String tooltip, List<String[]> data, List<Node> children) implements Node {
    }

    void add(Node node) {
        nodes.add(node);
    }
}
