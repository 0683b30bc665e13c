package com.example.pauz.nature;

import org.pf4j.Extension;

import io.pauz.plugin.spi.JsonPromptPack;

/**
 * The "nature" prompt pack. All content is in {@code nature-pack.json}; PAUZ registers this class as a prompt pack
 * service, and guided journaling lists its topics as {@code nature:<topic>}.
 */
@Extension
public class NaturePromptPack extends JsonPromptPack {
    public NaturePromptPack() {
        super("/nature-pack.json");
    }
}
