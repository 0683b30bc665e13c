package io.pauz.api.garden;

import java.util.List;

/**
 * A kind of flower.
 *
 * @param moodMin      lowest mood score (inclusive) this flower stands for
 * @param moodMax      highest mood score (inclusive)
 * @param colors       petal colours as CSS hex, first is the main one
 * @param centerColor  CSS hex colour of the flower's heart
 * @param petals       number of petals drawn
 * @param growthStages stages from seed to full bloom (at least 2)
 */
public record FlowerDefinition(String kind, String name, String meaning, double moodMin, double moodMax,
        List<String> colors, String centerColor, int petals, int growthStages) {
    public FlowerDefinition {
        colors = List.copyOf(colors);
        if (growthStages < 2) {
            throw new IllegalArgumentException("growthStages must be at least 2");
        }
    }

    public boolean matches(double mood) {
        return mood >= moodMin && mood <= moodMax;
    }
}
