package io.pauz.api.garden;

import org.osgi.annotation.versioning.ProviderType;

/** The users' gardens, for features that show them elsewhere (PDF export, web client, recommendations). */
@ProviderType
public interface GardenService {
    /** The user's garden as it is now; an empty garden for a user who has none yet. */
    Garden garden(String userId);

    /** The garden drawn as a standalone SVG document (UTF-8 XML). */
    String svg(String userId);

    /** The same picture as {@link #svg} rasterised to PNG, {@code widthPx} wide, for documents that cannot embed SVG. */
    byte[] png(String userId, int widthPx);
}
