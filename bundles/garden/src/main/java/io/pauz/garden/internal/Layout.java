package io.pauz.garden.internal;

import java.util.SplittableRandom;

/**
 * Where flowers stand. The garden is a grid of beds, {@code columns} wide, with as many rows as its highest bed
 * needs (at least two); row 0 is at the back. Each flower keeps the bed it got when planted (the lowest free one)
 * and stands at a spot inside it jittered by its id, so the picture is stable from one request to the next and looks
 * planted rather than lined up. The jitter is bounded so that a flower in full bloom, leaves and all, never leaves
 * its bed: flowers cannot overlap, whatever their stage.
 */
final class Layout {
    static final double CELL_W = 100;
    static final double CELL_H = 120;
    static final double MARGIN_X = 20;
    static final double SKY_H = 170;
    static final double BOTTOM = 24;
    /** Head radius and stem length at full bloom; the halo reaches {@link #HALO} times the radius. */
    static final double MAX_R = 21;
    static final double HALO = 1.15;
    static final double MAX_STEM = 70;
    static final double MAX_SWAY = 6;
    static final double LEAF_REACH = 20;
    static final double SHADOW = 3;
    private static final double PAD = 2;
    private static final double JITTER_X = (CELL_W - 2 * Math.max(MAX_R * HALO + MAX_SWAY, LEAF_REACH) - 2 * PAD) / 2;
    private static final double JITTER_Y = CELL_H - (MAX_STEM + MAX_R * HALO) - SHADOW - 2 * PAD;

    final int columns;
    final int rows;

    Layout(int columns, int highestCell) {
        this.columns = Math.max(3, Math.min(20, columns));
        this.rows = Math.max(2, highestCell < 0 ? 0 : highestCell / this.columns + 1);
    }

    double width() {
        return columns * CELL_W + 2 * MARGIN_X;
    }

    double groundTop() {
        return SKY_H;
    }

    double height() {
        return SKY_H + rows * CELL_H + BOTTOM;
    }

    /** Where a flower stands: the foot of its stem, its sway and petal rotation, and its bed. */
    record Spot(double baseX, double baseY, double sway, double rotation, double cellLeft, double cellTop) {
    }

    Spot spot(String flowerId, int cell) {
        int row = cell / columns;
        int col = cell % columns;
        double left = MARGIN_X + col * CELL_W;
        double top = SKY_H + row * CELL_H;
        SplittableRandom r = random(flowerId);
        double jx = (r.nextDouble() * 2 - 1) * JITTER_X;
        double jy = r.nextDouble() * JITTER_Y;
        double sway = (r.nextDouble() * 2 - 1) * MAX_SWAY;
        double rotation = r.nextDouble() * 360;
        double baseX = left + CELL_W / 2 + jx;
        double baseY = top + CELL_H - SHADOW - PAD - jy;
        return new Spot(baseX, baseY, sway, rotation, left, top);
    }

    /** 0..1 from the left edge of the picture. */
    double x(Spot s) {
        return s.baseX() / width();
    }

    /** 0..1 from the back (top) of the ground. */
    double y(Spot s) {
        return (s.baseY() - SKY_H) / (rows * CELL_H);
    }

    /** A generator seeded by a stable 64-bit hash (FNV-1a) of the text: same id, same spot, on every JVM. */
    static SplittableRandom random(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(h);
    }
}
