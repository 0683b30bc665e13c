package io.pauz.garden.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import io.pauz.api.garden.Garden;

/**
 * The picture: well-formed XML whatever the user is called, one {@code <g class="flower">} per flower of the state,
 * no two flowers overlapping, growth visible, every season drawable, and a PNG from the same drawing model.
 * Samples go to {@code target/garden-samples/} for a human look.
 */
public class PictureTest {
    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture();
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    static Document parse(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new InputSource(new StringReader(svg)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e + "\n" + svg.substring(0, Math.min(2000, svg.length())), e);
        }
    }

    static List<Element> flowerGroups(String svg) {
        NodeList groups = parse(svg).getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("flower".equals(g.getAttribute("class"))) {
                out.add(g);
            }
        }
        return out;
    }

    private static double[] box(Element g) {
        String[] p = g.getAttribute("data-box").split(" ");
        return new double[] { Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                Double.parseDouble(p[3]) };
    }

    private static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    /** Boxes pairwise disjoint, and every circle and ellipse of a flower inside its own box. */
    static void assertNoOverlap(List<Element> flowers) {
        double eps = 0.02;
        for (int i = 0; i < flowers.size(); i++) {
            double[] a = box(flowers.get(i));
            for (int j = i + 1; j < flowers.size(); j++) {
                double[] b = box(flowers.get(j));
                boolean overlap = a[0] < b[2] - eps && b[0] < a[2] - eps && a[1] < b[3] - eps && b[1] < a[3] - eps;
                assertFalse("flowers " + i + " and " + j + " overlap", overlap);
            }
            for (String tag : new String[] { "circle", "ellipse" }) {
                NodeList shapes = flowers.get(i).getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
                for (int k = 0; k < shapes.getLength(); k++) {
                    Element s = (Element) shapes.item(k);
                    double rx = tag.equals("circle") ? attr(s, "r") : attr(s, "rx");
                    double ry = tag.equals("circle") ? rx : attr(s, "ry");
                    String t = s.getAttribute("transform");
                    double angle = t.isEmpty() ? 0 : Math.toRadians(Double.parseDouble(t.substring(7).split(" ")[0]));
                    // Half extents of the turned ellipse's bounding box.
                    double hw = Math.hypot(rx * Math.cos(angle), ry * Math.sin(angle));
                    double hh = Math.hypot(rx * Math.sin(angle), ry * Math.cos(angle));
                    double cx = attr(s, "cx");
                    double cy = attr(s, "cy");
                    assertTrue("a " + tag + " of flower " + i + " leaves its box",
                            cx - hw >= a[0] - eps && cx + hw <= a[2] + eps && cy - hh >= a[1] - eps && cy + hh <= a[3] + eps);
                }
            }
        }
    }

    private void save(String name, String svg, byte[] png) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/garden-samples"));
        Files.writeString(dir.resolve(name + ".svg"), svg);
        if (png != null) {
            Files.write(dir.resolve(name + ".png"), png);
        }
    }

    @Test
    public void theSvgIsWellFormedAndHasOneFlowerGroupPerFlower() throws Exception {
        fx.person("alice", "Alice", "Europe/London");
        double[] moods = { -0.95, -0.6, -0.3, 0, 0.3, 0.6, 0.9, 0.1, -0.1, 0.5, 0.8, -0.8 };
        for (int i = 0; i < moods.length; i++) {
            fx.analysed("alice", "e" + i, moods[i], 1);
        }
        fx.at(Fixture.T0.plus(java.time.Duration.ofHours(30))); // the first flowers bloom, the last are buds
        Garden g = fx.service.garden("alice");
        String svg = fx.service.svg("alice");
        List<Element> flowers = flowerGroups(svg);
        assertEquals(g.flowers().size(), flowers.size());
        assertEquals(12, flowers.size());
        assertNoOverlap(flowers);
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertTrue(doc.getDocumentElement().getAttribute("aria-label").contains("Alice"));
        // The picture shows each flower of the state, with its kind and stage.
        for (int i = 0; i < flowers.size(); i++) {
            String id = flowers.get(i).getAttribute("data-id");
            var f = g.flowers().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            assertEquals(f.kind(), flowers.get(i).getAttribute("data-kind"));
            assertEquals(f.stage() + "/" + f.stages(), flowers.get(i).getAttribute("data-stage"));
        }
        byte[] png = fx.service.png("alice", 1200);
        save("meadow-mixed", svg, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1200, image.getWidth());
        assertTrue(image.getHeight() > 400);
    }

    @Test
    public void growthIsVisible() {
        fx.analysed("alice", "e1", 0.95, 1);
        String bud = fx.service.svg("alice");
        fx.at(Fixture.T0.plus(java.time.Duration.ofDays(30)));
        String bloom = fx.service.svg("alice");
        Element budGroup = flowerGroups(bud).get(0);
        Element bloomGroup = flowerGroups(bloom).get(0);
        assertEquals("1/5", budGroup.getAttribute("data-stage"));
        assertEquals("5/5", bloomGroup.getAttribute("data-stage"));
        double[] small = box(budGroup);
        double[] big = box(bloomGroup);
        assertTrue("a blooming flower stands taller", big[3] - big[1] > small[3] - small[1] + 30);
        int budShapes = budGroup.getElementsByTagNameNS("http://www.w3.org/2000/svg", "ellipse").getLength();
        int bloomShapes = bloomGroup.getElementsByTagNameNS("http://www.w3.org/2000/svg", "ellipse").getLength();
        assertTrue("16 petals open: " + bloomShapes + " vs " + budShapes, bloomShapes >= budShapes + 14);
    }

    @Test
    public void aBigGardenGrowsRowsAndStillNoFlowersOverlap() throws Exception {
        for (int i = 0; i < 150; i++) {
            fx.analysed("alice", "e" + i, Math.sin(i) * 0.99, 1);
        }
        fx.at(Fixture.T0.plus(java.time.Duration.ofDays(5)));
        String svg = fx.service.svg("alice");
        List<Element> flowers = flowerGroups(svg);
        assertEquals(150, flowers.size());
        assertNoOverlap(flowers);
        double height = Double.parseDouble(parse(svg).getDocumentElement().getAttribute("height"));
        assertEquals(Layout.SKY_H + 19 * Layout.CELL_H + Layout.BOTTOM, height, 0.01); // 150 / 8 columns -> 19 rows
        save("meadow-150", svg, fx.service.png("alice", 900));
    }

    @Test
    public void userDerivedTextNeverBreaksTheDocument() throws Exception {
        fx.person("mallory", "</text><script>x</script>&\"B\"'T'\u0001\u0007\uD800 😀", "UTC");
        fx.analysed("mallory", "e1", 0.2, 1);
        String svg = fx.service.svg("mallory");
        Document doc = parse(svg);
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertTrue(svg.contains("&lt;/text&gt;&lt;script&gt;"));
        assertTrue(svg.contains("😀"));
        assertEquals(1, flowerGroups(svg).size());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fx.service.png("mallory", 300)));
        assertEquals(300, image.getWidth());
    }

    @Test
    public void everySeasonAndThemeByDayAndNightIsDrawable() throws Exception {
        fx.person("alice", "Alice", "UTC");
        for (int i = 0; i < 10; i++) {
            fx.analysed("alice", "e" + i, i / 5.0 - 1, 1);
        }
        String[][] times = { { "spring", "2026-04-12T10:00:00Z" }, { "summer", "2026-07-01T13:00:00Z" },
                { "autumn", "2026-10-20T15:00:00Z" }, { "winter", "2027-01-15T11:00:00Z" }, { "night", "2026-08-02T23:30:00Z" } };
        for (String theme : new String[] { "meadow", "zen" }) {
            fx.service.chooseTheme("alice", theme);
            for (String[] t : times) {
                fx.at(Instant.parse(t[1]));
                String svg = fx.service.svg("alice");
                List<Element> flowers = flowerGroups(svg);
                assertEquals(10, flowers.size());
                assertNoOverlap(flowers);
                byte[] png = fx.service.png("alice", 840);
                assertEquals(840, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
                save(theme + "-" + t[0], svg, png);
            }
        }
    }

    @Test
    public void anEmptyGardenInvitesTheFirstEntry() {
        String svg = fx.service.svg("newcomer");
        assertEquals(0, flowerGroups(svg).size());
        assertTrue(svg.contains("plant your first flower"));
        assertTrue(svg.contains("My garden"));
    }

    @Test
    public void pngWidthIsBounded() throws Exception {
        assertEquals(64, ImageIO.read(new ByteArrayInputStream(fx.service.png("alice", 1))).getWidth());
        try (Fixture small = new Fixture(java.util.Map.of("max.png.width", 500))) {
            assertEquals(500, ImageIO.read(new ByteArrayInputStream(small.service.png("alice", 10_000))).getWidth());
        }
    }
}
