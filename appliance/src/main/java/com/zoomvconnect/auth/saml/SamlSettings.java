package com.zoomvconnect.auth.saml;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The SAML 2.0 settings {@code zvc-admin sso set} writes ({@code sso.saml.*}), read live, so a change
 * applies to the next sign-in without a restart.
 *
 * @param idpEntityId  which entity of the metadata to use (blank: the first IdP in it)
 * @param spEntityId   this appliance's entity ID (blank: its metadata URL)
 * @param caFile       a PEM file of certificates trusted for the metadata URL, beside the JDK's own
 */
public record SamlSettings(boolean enabled, URI idpMetadataUrl, String idpEntityId, String spEntityId, String displayName,
                           String groupsAttribute, Optional<Path> caFile) {
    static final String PREFIX = "sso.saml.";

    /** From the stored settings (names with the {@code sso.} prefix); blank values take the defaults. */
    public static SamlSettings from(Map<String, String> stored) {
        String url = get(stored, "idpMetadataUrl");
        String name = get(stored, "displayName");
        String groups = get(stored, "groupsAttribute");
        String ca = get(stored, "caFile");
        return new SamlSettings("true".equals(get(stored, "enabled")), url.isEmpty() ? null : URI.create(url),
                get(stored, "idpEntityId"), get(stored, "spEntityId"), name.isEmpty() ? "SAML single sign-on" : name,
                groups.isEmpty() ? "groups" : groups, ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca)));
    }

    /** Refuses to sign anyone in through an incomplete or insecure configuration. */
    SamlSettings requireUsable() {
        if (!enabled) {
            throw new AppException(ErrorCode.SSO_DISABLED, "Sign-in with SAML is not enabled on this server");
        }
        if (idpMetadataUrl == null) {
            throw new AppException(ErrorCode.SSO_FAILED, "SAML is enabled but saml.idpMetadataUrl is not set");
        }
        // The metadata carries the certificate that decides who may sign in: never over plain HTTP.
        if (!"https".equals(idpMetadataUrl.getScheme()) || idpMetadataUrl.getHost() == null) {
            throw new AppException(ErrorCode.SSO_FAILED, "saml.idpMetadataUrl must be an https:// URL, not " + idpMetadataUrl);
        }
        return this;
    }

    /** This service provider's entity ID when served from {@code metadataUrl}. */
    String spEntityId(String metadataUrl) {
        return spEntityId.isEmpty() ? metadataUrl : spEntityId;
    }

    private static String get(Map<String, String> stored, String key) {
        String v = stored.get(PREFIX + key);
        return v == null ? "" : v.strip();
    }
}
