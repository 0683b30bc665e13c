package com.example.pauz.ocean;

import org.pf4j.Extension;

import io.pauz.plugin.spi.JsonGardenTheme;

/** The "ocean" garden theme. All content is in {@code ocean-theme.json}; PAUZ registers it as a garden theme service. */
@Extension
public class OceanTheme extends JsonGardenTheme {
    public OceanTheme() {
        super("/ocean-theme.json");
    }
}
