package io.pauz.garden.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pauz.garden.internal.Scene.Curve;
import io.pauz.garden.internal.Scene.Ellipse;
import io.pauz.garden.internal.Scene.Group;
import io.pauz.garden.internal.Scene.Node;
import io.pauz.garden.internal.Scene.Rect;
import io.pauz.garden.internal.Scene.Text;

/** Writes a {@link Scene} as a standalone SVG 1.1 document. Every text and attribute value is escaped. */
final class SvgRenderer {
    private SvgRenderer() {
    }

    static String render(Scene scene) {
        StringBuilder body = new StringBuilder(16_384);
        Map<String, String> gradients = new LinkedHashMap<>();
        for (Node n : scene.nodes) {
            node(body, n, gradients, "  ");
        }
        StringBuilder out = new StringBuilder(body.length() + 1024);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(scene.width))
                .append("\" height=\"").append(num(scene.height)).append("\" viewBox=\"0 0 ").append(num(scene.width))
                .append(' ').append(num(scene.height)).append("\" role=\"img\" aria-label=\"").append(escape(scene.title))
                .append("\" font-family=\"DejaVu Sans, Verdana, Helvetica, Arial, sans-serif\">\n");
        out.append("  <title>").append(escape(scene.title)).append("</title>\n");
        if (!gradients.isEmpty()) {
            out.append("  <defs>\n");
            gradients.forEach((key, id) -> {
                String[] c = key.split(" ");
                out.append("    <linearGradient id=\"").append(id).append("\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">")
                        .append("<stop offset=\"0\" stop-color=\"").append(c[0]).append("\"/>")
                        .append("<stop offset=\"1\" stop-color=\"").append(c[1]).append("\"/></linearGradient>\n");
            });
            out.append("  </defs>\n");
        }
        out.append(body).append("</svg>\n");
        return out.toString();
    }

    private static void node(StringBuilder sb, Node node, Map<String, String> gradients, String indent) {
        sb.append(indent);
        if (node instanceof Rect r) {
            String fill = Colors.normalize(r.top());
            String bottom = Colors.normalize(r.bottom());
            if (!fill.equals(bottom)) {
                fill = "url(#" + gradients.computeIfAbsent(fill + " " + bottom, k -> "g" + gradients.size()) + ")";
            }
            sb.append("<rect x=\"").append(num(r.x())).append("\" y=\"").append(num(r.y())).append("\" width=\"")
                    .append(num(r.w())).append("\" height=\"").append(num(r.h())).append("\" fill=\"").append(fill)
                    .append('"');
            opacity(sb, r.opacity());
            sb.append("/>\n");
        } else if (node instanceof Ellipse e) {
            if (e.rx() == e.ry()) {
                sb.append("<circle cx=\"").append(num(e.cx())).append("\" cy=\"").append(num(e.cy())).append("\" r=\"")
                        .append(num(e.rx())).append('"');
            } else {
                sb.append("<ellipse cx=\"").append(num(e.cx())).append("\" cy=\"").append(num(e.cy())).append("\" rx=\"")
                        .append(num(e.rx())).append("\" ry=\"").append(num(e.ry())).append('"');
                if (e.rotate() != 0) {
                    sb.append(" transform=\"rotate(").append(num(e.rotate())).append(' ').append(num(e.cx())).append(' ')
                            .append(num(e.cy())).append(")\"");
                }
            }
            sb.append(" fill=\"").append(Colors.normalize(e.fill())).append('"');
            opacity(sb, e.opacity());
            sb.append("/>\n");
        } else if (node instanceof Curve c) {
            sb.append("<path d=\"M").append(num(c.x1())).append(' ').append(num(c.y1())).append(" Q").append(num(c.cx()))
                    .append(' ').append(num(c.cy())).append(' ').append(num(c.x2())).append(' ').append(num(c.y2()))
                    .append("\" fill=\"none\" stroke=\"").append(Colors.normalize(c.stroke())).append("\" stroke-width=\"")
                    .append(num(c.width())).append("\" stroke-linecap=\"round\"");
            opacity(sb, c.opacity());
            sb.append("/>\n");
        } else if (node instanceof Text t) {
            sb.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y()))
                .append("\" font-size=\"").append(num(t.size())).append('"')
                .append(t.bold() ? " font-weight=\"bold\"" : "")
                .append("middle".equals(t.anchor()) ? " text-anchor=\"middle\"" : "")
                .append(" fill=\"").append(Colors.normalize(t.fill())).append("\">").append(escape(t.content()))
                .append("</text>\n");
        } else if (node instanceof Group g) {
            sb.append("<g class=\"").append(escape(g.cssClass())).append('"');
            for (String[] kv : g.data()) {
                sb.append(" data-").append(kv[0]).append("=\"").append(escape(kv[1])).append('"');
            }
            sb.append(">\n");
            if (g.tooltip() != null) {
                sb.append(indent).append("  <title>").append(escape(g.tooltip())).append("</title>\n");
            }
            for (Node child : g.children()) {
                node(sb, child, gradients, indent + "  ");
            }
            sb.append(indent).append("</g>\n");
        }
    }

    private static void opacity(StringBuilder sb, double opacity) {
        if (opacity < 1) {
            sb.append(" opacity=\"").append(num(opacity)).append('"');
        }
    }

    /** Two decimals at most, no trailing zeros, never an exponent or a locale's comma. Hot path: no String.format. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        long hundredths = Math.round(v * 100);
        StringBuilder sb = new StringBuilder(12);
        if (hundredths < 0) {
            sb.append('-');
            hundredths = -hundredths;
        }
        sb.append(hundredths / 100);
        int frac = (int) (hundredths % 100);
        if (frac != 0) {
            sb.append('.').append(frac / 10);
            if (frac % 10 != 0) {
                sb.append(frac % 10);
            }
        }
        return sb.toString();
    }

    /**
     * Escapes for XML text and attribute values, and drops what XML 1.0 cannot carry at all (control characters,
     * lone surrogates, U+FFFE/U+FFFF): user-derived names must never break the document.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c < 0xFFFE)) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
