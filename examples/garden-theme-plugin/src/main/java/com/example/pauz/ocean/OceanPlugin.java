package com.example.pauz.ocean;

import org.pf4j.Plugin;

/** The plugin's entry point (manifest entry Plugin-Class); nothing to start or stop. */
public class OceanPlugin extends Plugin {
}
