/**
 * Identity providers (Google/OpenID Connect, local accounts) that turn credentials into a verified identity.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.identity;
