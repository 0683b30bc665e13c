package io.pauz.api.garden;

/** Colours of a season as CSS hex values. */
public record SeasonPalette(Season season, String sky, String ground, String accent) {
}
