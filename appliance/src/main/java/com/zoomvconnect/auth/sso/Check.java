package com.zoomvconnect.auth.sso;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of {@code zvc-admin sso test}: what was tried against the identity provider and, in plain
 * words, what came of it. A {@link Outcome#FAIL} means sign-in through that provider will not work;
 * a {@link Outcome#WARN} is worth a look but does not stop it.
 */
public record Check(String provider, String name, Outcome outcome, String detail) {
    /** How a check came out. */
    public enum Outcome { PASS, WARN, FAIL }

    public static Check pass(String provider, String name, String detail) {
        return new Check(provider, name, Outcome.PASS, detail);
    }

    public static Check warn(String provider, String name, String detail) {
        return new Check(provider, name, Outcome.WARN, detail);
    }

    public static Check fail(String provider, String name, String detail) {
        return new Check(provider, name, Outcome.FAIL, detail);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }

    /** True when some check of {@code checks} failed. */
    public static boolean anyFailed(List<Check> checks) {
        return checks.stream().anyMatch(Check::failed);
    }

    /** The JSON shape of the admin API and the admin channel. */
    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("provider", provider);
        m.put("name", name);
        m.put("status", outcome.name().toLowerCase(java.util.Locale.ROOT));
        m.put("detail", detail);
        return m;
    }
}
