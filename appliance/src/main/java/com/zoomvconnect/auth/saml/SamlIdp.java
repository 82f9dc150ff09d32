package com.zoomvconnect.auth.saml;

import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.zoomvconnect.auth.sso.IdpTls;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The identity provider as its metadata (SAML Metadata §2.4.3) describes it: entity ID, the
 * HTTP-Redirect single sign-on URL and the signing certificate, fetched over HTTPS (with
 * {@code saml.caFile} trusted) and parsed without DTDs.
 */
final class SamlIdp {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SamlIdp() {
    }

    /** java-saml's IdP settings ({@code onelogin.saml2.idp.*}) from the metadata at {@code s.idpMetadataUrl()}. */
    static Map<String, Object> fetch(SamlSettings s) {
        var client = HttpClient.newBuilder().sslContext(IdpTls.context(s.caFile(), "saml.caFile"))
                .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        String xml;
        try {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(s.idpMetadataUrl()).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw unusable(s, "it answered HTTP " + res.statusCode());
            }
            xml = res.body();
        } catch (IOException e) {
            throw unusable(s, "it cannot be reached (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unusable(s, "interrupted");
        }
        return parse(s, xml);
    }

    static Map<String, Object> parse(SamlSettings s, String xml) {
        Map<String, Object> idp;
        try {
            idp = IdPMetadataParser.parseXML(SamlXml.parse(xml), s.idpEntityId().isEmpty() ? null : s.idpEntityId());
        } catch (Exception e) {
            throw unusable(s, "it is not readable SAML metadata");
        }
        if (idp.get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY) == null) {
            throw unusable(s, "it names no " + (s.idpEntityId().isEmpty() ? "" : s.idpEntityId() + " ")
                    + "single sign-on service with the HTTP-Redirect binding");
        }
        if (idp.get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY) == null && idp.get(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + ".0") == null) {
            throw unusable(s, "it names no signing certificate");
        }
        return idp;
    }

    private static AppException unusable(SamlSettings s, String why) {
        return new AppException(ErrorCode.SSO_FAILED, "The SAML identity provider metadata at " + s.idpMetadataUrl()
                + " cannot be used: " + why);
    }
}
