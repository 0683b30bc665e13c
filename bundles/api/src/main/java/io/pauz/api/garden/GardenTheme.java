package io.pauz.api.garden;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A garden theme: which flower grows for which mood, and the colours of each season.
 * Service property {@value #ID_PROPERTY} carries {@link #id()}.
 */
@ConsumerType
public interface GardenTheme {
    String ID_PROPERTY = "pauz.garden.theme";

    String id();

    String name();

    String description();

    /** Flower definitions; together their mood ranges should cover -1..1. */
    List<FlowerDefinition> flowers();

    /** The palette of a season. */
    SeasonPalette palette(Season season);
}
