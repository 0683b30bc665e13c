package io.pauz.garden.internal;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.garden.internal.Scene.Curve;
import io.pauz.garden.internal.Scene.Ellipse;
import io.pauz.garden.internal.Scene.Group;
import io.pauz.garden.internal.Scene.Node;
import io.pauz.garden.internal.Scene.Rect;
import io.pauz.garden.internal.Scene.Text;

/** Rasterises a {@link Scene} with Java2D on an off-screen image (no display needed). */
final class PngRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(PngRenderer.class);

    private PngRenderer() {
    }

    static byte[] render(Scene scene, int widthPx) {
        double scale = widthPx / scene.width;
        int heightPx = Math.max(1, (int) Math.round(scene.height * scale));
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            for (Node n : scene.nodes) {
                draw(g, n);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Node node) {
        if (node instanceof Rect r) {
            Composite old = alpha(g, r.opacity());
            Rectangle2D shape = new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h());
            if (Colors.normalize(r.top()).equals(Colors.normalize(r.bottom()))) {
                g.setColor(color(r.top()));
            } else {
                g.setPaint(new GradientPaint((float) r.x(), (float) r.y(), color(r.top()), (float) r.x(),
                        (float) (r.y() + r.h()), color(r.bottom())));
            }
            g.fill(shape);
            g.setComposite(old);
        } else if (node instanceof Ellipse e) {
            Composite old = alpha(g, e.opacity());
            AffineTransform t = g.getTransform();
            if (e.rotate() != 0) {
                g.rotate(Math.toRadians(e.rotate()), e.cx(), e.cy());
            }
            g.setColor(color(e.fill()));
            g.fill(new Ellipse2D.Double(e.cx() - e.rx(), e.cy() - e.ry(), 2 * e.rx(), 2 * e.ry()));
            g.setTransform(t);
            g.setComposite(old);
        } else if (node instanceof Curve c) {
            Composite old = alpha(g, c.opacity());
            g.setColor(color(c.stroke()));
            g.setStroke(new BasicStroke((float) c.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new QuadCurve2D.Double(c.x1(), c.y1(), c.cx(), c.cy(), c.x2(), c.y2()));
            g.setComposite(old);
        } else if (node instanceof Text t) {
            text(g, t);
        } else if (node instanceof Group gr) {
            for (Node child : gr.children()) {
                draw(g, child);
            }
        }
    }

    /** Text needs fonts; a JVM without any (a bare container) still gets the picture, without its captions. */
    private static void text(Graphics2D g, Text t) {
        try {
            g.setColor(color(t.fill()));
            g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size()));
            double x = t.x();
            if ("middle".equals(t.anchor())) {
                x -= g.getFontMetrics().stringWidth(t.content()) / 2.0;
            }
            g.drawString(t.content(), (float) x, (float) t.y());
        } catch (RuntimeException | Error e) { // font configuration errors surface as InternalError
            if (e instanceof VirtualMachineError v) {
                throw v;
            }
            LOG.debug("text skipped in PNG: {}", e.toString());
        }
    }

    private static Composite alpha(Graphics2D g, double opacity) {
        Composite old = g.getComposite();
        if (opacity < 1) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, opacity)));
        }
        return old;
    }

    private static Color color(String css) {
        return new Color(Colors.rgb(css));
    }
}
