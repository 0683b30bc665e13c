package io.pauz.api.garden;

import java.time.Instant;
import java.util.List;

/**
 * A user's garden.
 *
 * @param themeId the chosen theme, or the default theme when the user chose none
 * @param season  the season of today's date where the user lives
 */
public record Garden(String userId, String themeId, String themeName, Season season, List<GardenFlower> flowers,
        Instant updatedAt) {
    public Garden {
        flowers = List.copyOf(flowers);
    }
}
