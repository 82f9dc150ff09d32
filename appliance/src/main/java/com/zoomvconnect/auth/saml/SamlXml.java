package com.zoomvconnect.auth.saml;

import com.onelogin.saml2.util.Util;
import org.w3c.dom.Document;

/** Small reads of SAML XML through java-saml's hardened parser (no DTDs, no external entities). */
final class SamlXml {
    private SamlXml() {
    }

    /** The {@code InResponseTo} of a Response (SAML Core §3.2.2), or null. */
    static String inResponseTo(String responseXml) {
        Document doc = Util.loadXML(responseXml);
        if (doc == null) {
            throw new IllegalArgumentException("not well-formed or refused XML");
        }
        String v = doc.getDocumentElement().getAttribute("InResponseTo");
        return v.isEmpty() ? null : v;
    }

    /** A parsed document, refusing DTDs and entities (XXE). */
    static Document parse(String xml) {
        Document doc = Util.loadXML(xml);
        if (doc == null) {
            throw new IllegalArgumentException("not well-formed or refused XML");
        }
        return doc;
    }
}
