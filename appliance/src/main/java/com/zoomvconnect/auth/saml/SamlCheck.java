package com.zoomvconnect.auth.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Util;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.auth.sso.IdpPages;
import com.zoomvconnect.auth.sso.IdpProbe;
import com.zoomvconnect.error.AppException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code zvc-admin sso test saml}: fetches the IdP metadata as sign-in does, checks its signing
 * certificates' dates, and sends the IdP an AuthnRequest with this appliance's entity ID and ACS URL to
 * see whether it knows them; each step a {@link Check}.
 */
public final class SamlCheck {
    private static final String P = "saml";
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private SamlCheck() {
    }

    /** The checks for {@code stored} settings ({@code sso.*}); {@code base} is the appliance's public URL. */
    public static List<Check> run(Map<String, String> stored, String base, Clock clock) {
        List<Check> checks = new ArrayList<>();
        SamlSettings s = SamlSettings.from(stored);
        URI url = s.idpMetadataUrl();
        if (url == null) {
            checks.add(Check.fail(P, "Settings", "saml.idpMetadataUrl must be set (zvc-admin sso set saml.idpMetadataUrl=…)"));
            return checks;
        }
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            checks.add(Check.fail(P, "Settings", "saml.idpMetadataUrl must be an https:// URL, not " + url));
            return checks;
        }
        checks.add(s.enabled() ? Check.pass(P, "Settings", "enabled; IdP metadata at " + url)
                : Check.warn(P, "Settings", "complete but not enabled (zvc-admin sso set saml.enabled=true)"));
        var probe = new IdpProbe(P, s.caFile(), "saml.caFile", clock, checks);
        if (!probe.reach(url)) {
            return checks;
        }
        Optional<HttpResponse<String>> res = probe.getAndCompareClocks("IdP metadata", url, SamlLogin.SKEW);
        if (res.isEmpty()) {
            return checks;
        }
        if (res.get().statusCode() != 200) {
            checks.add(Check.fail(P, "IdP metadata", url + " answered HTTP " + res.get().statusCode()
                    + ": is saml.idpMetadataUrl right? (Keycloak: https://host/realms/REALM/protocol/saml/descriptor)"));
            return checks;
        }
        Map<String, Object> idp;
        try {
            idp = SamlIdp.parse(s, res.get().body());
        } catch (AppException e) {
            checks.add(Check.fail(P, "IdP metadata", e.getMessage()));
            return checks;
        }
        checks.add(Check.pass(P, "IdP metadata", "entity " + idp.get(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY)
                + ", single sign-on at " + idp.get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY)));
        certificates(idp, clock.instant(), checks);
        request(s, base, idp, probe, checks);
        return checks;
    }

    private static void certificates(Map<String, Object> idp, Instant now, List<Check> checks) {
        List<String> encoded = new ArrayList<>();
        if (idp.get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY) != null) {
            encoded.add(String.valueOf(idp.get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY)));
        }
        for (int i = 0; idp.get(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + i) != null; i++) {
            encoded.add(String.valueOf(idp.get(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + i)));
        }
        boolean usable = false;
        var notes = new ArrayList<String>();
        for (String e : encoded) {
            X509Certificate cert;
            try {
                cert = Util.loadCert(e);
            } catch (Exception ex) {
                cert = null;
            }
            if (cert == null) {
                notes.add("one certificate is not readable");
                continue;
            }
            String who = cert.getSubjectX500Principal().getName();
            Instant until = cert.getNotAfter().toInstant();
            if (until.isBefore(now)) {
                notes.add(who + " expired on " + until);
            } else if (cert.getNotBefore().toInstant().isAfter(now)) {
                notes.add(who + " is not valid before " + cert.getNotBefore().toInstant());
            } else {
                usable = true;
                notes.add(who + " valid until " + until
                        + (until.isBefore(now.plus(EXPIRY_WARNING)) ? " (expires within " + EXPIRY_WARNING.toDays() + " days)" : ""));
            }
        }
        String detail = encoded.size() + " signing certificate(s): " + String.join("; ", notes);
        boolean soon = notes.stream().anyMatch(n -> n.contains("expires within"));
        // java-saml checks signatures with the metadata's certificate whatever its dates; an expired one
        // still means the IdP's administrator has a rollover to do.
        checks.add(!usable ? Check.fail(P, "IdP certificate", detail + "; the IdP must publish a current signing certificate")
                : soon || notes.size() > 1 && notes.stream().anyMatch(n -> n.contains("expired"))
                ? Check.warn(P, "IdP certificate", detail) : Check.pass(P, "IdP certificate", detail));
    }

    /** An AuthnRequest as sign-in sends it: an IdP that does not know this service provider says so on an error page. */
    private static void request(SamlSettings s, String base, Map<String, Object> idp, IdpProbe probe, List<Check> checks) {
        String name = "Service provider";
        String acs = base + SamlLogin.ACS_PATH;
        String entity = s.spEntityId(base + SamlLogin.METADATA_PATH);
        if (!acs.startsWith("https://")) {
            checks.add(Check.fail(P, name, "the appliance would send ACS URL " + acs + ", not an https:// URL: set server.publicUrl"));
            return;
        }
        URI request;
        try {
            Saml2Settings saml = SamlLogin.saml2(s, base, idp);
            String sso = saml.getIdpSingleSignOnServiceUrl().toString();
            request = URI.create(sso + (sso.contains("?") ? "&" : "?") + "SAMLRequest="
                    + URLEncoder.encode(new AuthnRequest(saml).getEncodedAuthnRequest(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            checks.add(Check.fail(P, name, "no AuthnRequest could be made: " + IdpProbe.explain(e)));
            return;
        }
        probe.get(name, request).ifPresent(res -> checks.add(IdpPages.judge(P, name, res, acs,
                "the appliance sends entity ID " + entity + " and ACS URL " + acs,
                "at the IdP, add a SAML client with entity ID " + entity + " and ACS URL " + acs
                        + " (or import " + base + SamlLogin.METADATA_PATH + ")")));
    }
}
