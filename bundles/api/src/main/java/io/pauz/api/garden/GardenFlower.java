package io.pauz.api.garden;

import java.time.Instant;

/**
 * One flower of a garden.
 *
 * @param kind     the {@link FlowerDefinition#kind()} of the garden's theme
 * @param mood     the mood score (-1..1) it grew from
 * @param source   {@code entry} or {@code guided}
 * @param sourceId the entry or guided session it grew from
 * @param stage    1..{@code stages}; {@code stages} is full bloom
 * @param x        position in the garden, 0..1 from the left
 * @param y        position in the garden, 0..1 from the back
 */
public record GardenFlower(String id, String kind, String name, double mood, String source, String sourceId,
        Instant plantedAt, int stage, int stages, double x, double y) {
}
