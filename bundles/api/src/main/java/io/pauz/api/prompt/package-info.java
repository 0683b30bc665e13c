/**
 * Prompt packs: topics and prompts for guided journaling sessions.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.prompt;
