package com.zoomvconnect.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1));

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = hasher.hash("correct horse battery staple");
        assertTrue(h.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), h);
        assertTrue(hasher.verify("correct horse battery staple", h));
        assertFalse(hasher.verify("correct horse battery stapl", h));
        assertFalse(hasher.verify("", h));
    }

    @Test
    void saltsEachHash() {
        assertNotEquals(hasher.hash("same"), hasher.hash("same"));
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() {
        var stronger = new PasswordHasher(new PasswordHasher.Params(2048, 2, 1));
        assertTrue(hasher.verify("pw", stronger.hash("pw")), "parameters are read from the encoding");
    }

    @Test
    void rejectsMalformedEncodings() {
        for (String bad : new String[] {null, "", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$a$b",
                "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=1024,t=1,p=1$!!!$???", "plaintext"}) {
            assertFalse(hasher.verify("pw", bad), String.valueOf(bad));
        }
    }
}
