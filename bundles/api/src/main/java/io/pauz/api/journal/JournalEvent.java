package io.pauz.api.journal;

/**
 * A change to an entry. {@code entry} carries no full text; {@link JournalService#find} has it.
 * For {@link Type#DELETED} it is the entry as it was.
 */
public record JournalEvent(Type type, JournalEntry entry) {
    public enum Type {
        CREATED, UPDATED, DELETED,
        /** A mood reading was stored for the entry. */
        ANALYSED,
        /** A spoken entry's transcript arrived. */
        TRANSCRIBED
    }
}
