package com.zoomvconnect.auth.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.AppException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and checking the ldap.* settings, and escaping typed names into the filters (RFC 4515 §3). */
class LdapSettingsTest {
    private static LdapSettings parse(String... pairs) {
        var m = new HashMap<String, String>(Map.of("ldap.enabled", "true", "ldap.url", "ldaps://ldap.example.org",
                "ldap.userBase", "ou=people,dc=example,dc=org"));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return LdapSettings.parse(m);
    }

    private static String refusedKey(String... pairs) {
        return assertThrows(AppException.class, () -> parse(pairs)).getMessage();
    }

    @Test
    void disabledSettingsAreNotChecked() {
        assertFalse(LdapSettings.parse(Map.of("ldap.url", "nonsense")).enabled());
        assertFalse(LdapSettings.parse(Map.of()).enabled());
    }

    @Test
    void defaultsFillWhatIsNotSet() {
        LdapSettings s = parse();
        assertEquals(LdapSettings.DEFAULT_USER_FILTER, s.userFilter());
        assertEquals(LdapSettings.DEFAULT_GROUP_FILTER, s.groupFilter());
        assertEquals("mail", s.emailAttribute());
        assertEquals("displayName", s.nameAttribute());
        assertEquals(636, s.port());
        assertEquals(389, parse("ldap.url", "ldap://ldap.example.org", "ldap.startTls", "true").port());
        assertEquals(1636, parse("ldap.url", "ldaps://ldap.example.org:1636").port());
    }

    @Test
    void refusesPlainLdapWithoutStartTls() {
        assertTrue(refusedKey("ldap.url", "ldap://ldap.example.org").contains("ldap.url"));
        assertTrue(refusedKey("ldap.url", "ldaps://ldap.example.org", "ldap.startTls", "true").contains("ldap.startTls"));
        assertTrue(refusedKey("ldap.url", "https://ldap.example.org").contains("ldap.url"));
    }

    @Test
    void refusesUnusableSettingsNamingTheKey() {
        assertTrue(refusedKey("ldap.userBase", "").contains("ldap.userBase"));
        assertTrue(refusedKey("ldap.userBase", "people").contains("ldap.userBase"));
        assertTrue(refusedKey("ldap.bindDn", "cn=svc,dc=example,dc=org").contains("ldap.bindPassword"));
        assertTrue(refusedKey("ldap.userFilter", "(uid=someone)").contains("{0}"));
        assertTrue(refusedKey("ldap.groupFilter", "(member={1}").contains("ldap.groupFilter"));
        assertTrue(refusedKey("ldap.caFile", "relative.pem").contains("ldap.caFile"));
        assertTrue(refusedKey("ldap.caFile", "/nonexistent/ca.pem").contains("ldap.caFile"));
    }

    @Test
    void aTypedNameIsEscapedAndCannotWidenTheFilter() throws Exception {
        LdapSettings s = parse("ldap.userFilter", "(uid={0})");
        assertEquals("(uid=\\2a\\29\\28uid=\\2a)", s.userFilter("*)(uid=*").toString());
        assertEquals("(uid=a\\5cb\\00)", s.userFilter("a\\b\u0000").toString());
        assertEquals("(uid=eve{1})", s.userFilter("eve{1}").toString(), "placeholders in the name stay text");
        assertEquals("(member=uid=\\2a,dc=example,dc=org)",
                parse().groupFilter("x", "uid=*,dc=example,dc=org").toString());
    }
}
