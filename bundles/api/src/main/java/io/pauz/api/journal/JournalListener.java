package io.pauz.api.journal;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to hear about journal changes. Calls come in order, on one
 * background thread, after the change is committed; a slow or failing listener delays or loses only its own events.
 */
@ConsumerType
public interface JournalListener {
    void journalChanged(JournalEvent event);
}
