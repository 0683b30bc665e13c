package io.pauz.garden.themes.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.pauz.api.garden.GardenTheme;

/** A calm Japanese garden. */
@Component(service = GardenTheme.class, property = GardenTheme.ID_PROPERTY + "=" + ZenTheme.ID)
public class ZenTheme extends ResourceGardenTheme {
    static final String ID = "zen";

    /** Parses {@code /themes/zen.json} when DS activates the component. */
    @Activate
    public ZenTheme() {
        super(ID);
    }
}
