/**
 * Shared REST contract: the one error type every resource throws and the constants resources use
 * to join the PAUZ application.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.pauz.api.rest;
