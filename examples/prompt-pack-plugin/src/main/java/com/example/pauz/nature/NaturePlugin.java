package com.example.pauz.nature;

import org.pf4j.Plugin;

/**
 * The plugin's entry point (manifest entry Plugin-Class). Override {@link #start()} / {@link #stop()} if the plugin
 * must set something up or release it; this one has nothing to do.
 */
public class NaturePlugin extends Plugin {
}
