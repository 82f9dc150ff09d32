package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.AppException;
import org.junit.jupiter.api.Test;

class QueryCheckTest {
    @Test
    void acceptsWhatRfc3986AllowsInAQueryIncludingColonAndAt() {
        assertDoesNotThrow(() -> QueryCheck.check("from=2026-11-30T10:00:00Z&to=2026-12-01T00:00:00%2B01:00"));
        assertDoesNotThrow(() -> QueryCheck.check("user=bob@example.com&q=a/b?c;d=e,f!$'()*+"));
        assertDoesNotThrow(() -> QueryCheck.check(""));
    }

    @Test
    void refusesABrokenEscapeAndCharactersThatMustBeEncodedSayingWhat() {
        AppException broken = assertThrows(AppException.class, () -> QueryCheck.check("q=50%zz"));
        assertEquals("bad_request", broken.errorCode().code());
        assertTrue(broken.getMessage().contains("%25"), broken.getMessage());
        assertThrows(AppException.class, () -> QueryCheck.check("q=50%2"));
        AppException pipe = assertThrows(AppException.class, () -> QueryCheck.check("q=a|b"));
        assertTrue(pipe.getMessage().contains("'|'") && pipe.getMessage().contains("position 3"), pipe.getMessage());
    }
}
