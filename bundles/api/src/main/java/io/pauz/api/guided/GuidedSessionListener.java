package io.pauz.api.guided;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to hear about completed guided sessions. Calls come in order, on one
 * background thread, after the completion is committed.
 */
@ConsumerType
public interface GuidedSessionListener {
    void sessionCompleted(GuidedSessionEvent event);
}
