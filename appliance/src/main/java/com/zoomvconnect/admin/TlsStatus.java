package com.zoomvconnect.admin;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tls.status}: the HTTPS certificate's subject, issuer, validity and days left, warned about 30 days ahead. */
final class TlsStatus {
    /** Fewer days left than this and the dashboard and {@code zvc-admin tls status} warn. */
    static final int WARN_DAYS = 30;

    private TlsStatus() {
    }

    static Map<String, Object> of(Optional<ApplianceReach.Certificate> found, Instant now) {
        var m = new LinkedHashMap<String, Object>();
        if (found.isEmpty()) {
            m.put("present", false);
            m.put("warning", "No certificate yet: the appliance generates a self-signed one at its first start");
            return m;
        }
        ApplianceReach.Certificate c = found.get();
        X509Certificate leaf = c.chain().getFirst();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
        boolean selfSigned = selfSigned(leaf);
        m.put("present", true);
        m.put("inUse", c.inUse());
        m.put("source", c.origin());
        m.put("subject", leaf.getSubjectX500Principal().getName());
        m.put("issuer", leaf.getIssuerX500Principal().getName());
        m.put("names", names(leaf));
        m.put("notBefore", leaf.getNotBefore().toInstant().toString());
        m.put("notAfter", notAfter.toString());
        m.put("daysLeft", daysLeft);
        m.put("selfSigned", selfSigned);
        m.put("chainLength", c.chain().size());
        m.put("expiresSoon", daysLeft < WARN_DAYS);
        String warning = null;
        if (now.isAfter(notAfter)) {
            warning = "The certificate expired on " + notAfter + ": browsers refuse it. Install a new one (zvc-admin tls install)";
        } else if (daysLeft < WARN_DAYS) {
            warning = "The certificate expires in " + daysLeft + " day" + (daysLeft == 1 ? "" : "s")
                    + ": install a new one (zvc-admin tls install) and restart";
        } else if (selfSigned) {
            warning = "Self-signed: browsers warn until each user accepts it. Install a certificate from a trusted CA "
                    + "(zvc-admin tls install)";
        }
        m.put("warning", warning);
        return m;
    }

    /** Issued by itself and signed with its own key. */
    private static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Subject alternative names (DNS names and IP addresses). */
    private static List<String> names(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            var sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() > 1 && san.get(1) instanceof String s) {
                        names.add(s);
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // No readable names: the subject still says who it is.
        }
        return names;
    }
}
