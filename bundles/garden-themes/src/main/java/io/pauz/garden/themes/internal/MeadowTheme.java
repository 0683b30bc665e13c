package io.pauz.garden.themes.internal;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.pauz.api.garden.GardenTheme;

/** Wildflowers; the default theme, so it outranks the others for consumers that take "the" GardenTheme. */
@Component(service = GardenTheme.class, property = {
        GardenTheme.ID_PROPERTY + "=" + MeadowTheme.ID,
        Constants.SERVICE_RANKING + ":Integer=100" })
public class MeadowTheme extends ResourceGardenTheme {
    static final String ID = "meadow";

    /** Parses {@code /themes/meadow.json} when DS activates the component. */
    @Activate
    public MeadowTheme() {
        super(ID);
    }
}
