/**
 * Garden themes: flower definitions per mood range, seasonal palettes and optional flower artwork.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.garden;
