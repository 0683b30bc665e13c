/**
 * Guided journaling sessions as events for other features: the garden plants a flower and statistics count a
 * session when one is completed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.guided;
