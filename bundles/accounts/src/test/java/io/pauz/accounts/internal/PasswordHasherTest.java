package io.pauz.accounts.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(10_000);

    @Test
    public void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");
        assertTrue(stored.startsWith("pbkdf2-sha256$10000$"));
        assertTrue(hasher.verify("correct horse battery staple", stored));
        assertFalse(hasher.verify("correct horse battery stapl", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    public void saltsEveryHash() {
        assertNotEquals(hasher.hash("same"), hasher.hash("same"));
    }

    @Test
    public void oldCostsStillVerify() {
        String old = new PasswordHasher(5_000).hash("pw");
        assertTrue(hasher.verify("pw", old));
    }

    @Test
    public void rejectsGarbageHashes() {
        assertFalse(hasher.verify("pw", null));
        assertFalse(hasher.verify("pw", "md5$abc"));
        assertFalse(hasher.verify("pw", "pbkdf2-sha256$1$x"));
    }
}
