package com.zoomvconnect.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may create their own account ({@code POST /auth/register}): everyone ({@code open}), nobody
 * ({@code closed}: administrators create accounts), or addresses in allow-listed domains
 * ({@code domains}). Addresses are never verified (the appliance sends no mail), so a domain
 * allow-list limits who signs up, not who proves to own an address. The very first account of a
 * server is always allowed, whatever the policy, so a fresh install can be set up.
 *
 * @param mode    the policy
 * @param domains for {@link Mode#DOMAINS}: lower-case domains, matched exactly (no subdomains)
 *                against the part of the address after its last {@code @}; empty otherwise
 */
public record RegistrationPolicy(Mode mode, List<String> domains) {
    /** The closed set of policies; {@link #wire()} is the name in configuration, API and CLI. */
    public enum Mode {
        OPEN, CLOSED, DOMAINS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException unless {@code name} is open, closed or domains (any case) */
        public static Mode of(String name) {
            String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.name().equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("must be open, closed or domains");
        }
    }

    public static final RegistrationPolicy OPEN = new RegistrationPolicy(Mode.OPEN, List.of());
    public static final RegistrationPolicy CLOSED = new RegistrationPolicy(Mode.CLOSED, List.of());

    /** Domain names as the email check accepts them after the {@code @}. */
    private static final Pattern DOMAIN = Pattern.compile("^[^@\\s.,]+(\\.[^@\\s.,]+)+$");
    private static final int MAX_DOMAINS = 100;

    public RegistrationPolicy {
        domains = List.copyOf(domains);
        if ((mode == Mode.DOMAINS) == domains.isEmpty()) {
            throw new IllegalArgumentException(mode == Mode.DOMAINS
                    ? "the domains policy needs at least one domain" : "only the domains policy takes domains");
        }
    }

    /**
     * A policy and its domains as a person wrote them: domains are lower-cased, a leading
     * {@code @} and blanks are dropped, duplicates removed.
     *
     * @throws IllegalArgumentException about the domains, with a message fit for the person who wrote them
     */
    public static RegistrationPolicy of(Mode mode, List<String> domains) {
        boolean none = domains == null || domains.stream().allMatch(d -> d == null || d.isBlank());
        return switch (mode) {
            case OPEN, CLOSED -> {
                if (!none) {
                    throw new IllegalArgumentException("are only for the domains policy");
                }
                yield mode == Mode.OPEN ? OPEN : CLOSED;
            }
            case DOMAINS -> new RegistrationPolicy(Mode.DOMAINS, normaliseDomains(domains));
        };
    }

    /** {@link #of} after {@link Mode#of}. */
    public static RegistrationPolicy parse(String mode, List<String> domains) {
        return of(Mode.of(mode), domains);
    }

    private static List<String> normaliseDomains(List<String> domains) {
        var out = new ArrayList<String>();
        for (String d : domains == null ? List.<String>of() : domains) {
            String n = d == null ? "" : d.strip().toLowerCase(Locale.ROOT);
            if (n.startsWith("@")) {
                n = n.substring(1);
            }
            if (n.isEmpty()) {
                continue;
            }
            if (n.length() > 253 || !DOMAIN.matcher(n).matches()) {
                throw new IllegalArgumentException("must be domain names such as example.com (got '" + d + "')");
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("must name at least one domain, such as example.com, for the domains policy");
        }
        if (out.size() > MAX_DOMAINS) {
            throw new IllegalArgumentException("must be at most " + MAX_DOMAINS + " domains");
        }
        return out;
    }

    /** Whether a (normalised, lower-case) address may register under this policy. */
    public boolean allows(String email) {
        return switch (mode) {
            case OPEN -> true;
            case CLOSED -> false;
            case DOMAINS -> domains.contains(email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
        };
    }
}
