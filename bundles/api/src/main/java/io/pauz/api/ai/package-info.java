/**
 * AI engines: a single completion call used by hints, reflections, mood and guided sessions.
 * <p>Register an {@link io.pauz.api.ai.AiEngine} service to add an engine; callers cache answers, so
 * an engine never needs to cache on its own. 1.1: {@link io.pauz.api.ai.AiAnswers}, the AI layer as a service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.pauz.api.ai;
