package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Single sign-on settings: {@code zvc-admin sso show|set}. */
@Command(name = "sso", mixinStandardHelpOptions = true, description = "Single sign-on settings (OIDC, SAML, LDAP).",
        subcommands = {Sso.Show.class, Sso.Set.class, Sso.Test.class})
final class Sso {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the SSO settings (secrets masked).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        Sso parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = parent.root.call("sso.show", Map.of());
            parent.root.print(spec.commandLine().getOut(), r, lines(r));
            return 0;
        }
    }

    static String lines(JsonNode r) {
        var sb = new StringBuilder();
        r.fields().forEachRemaining(e -> sb.append(e.getKey()).append(": ").append(e.getValue().asText()).append('\n'));
        return sb.toString().stripTrailing();
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set SSO fields as KEY=VALUE, e.g. oidc.issuer=https://idp.example.com oidc.clientId=zvc oidc.enabled=true. Keys: "
            + "oidc.enabled, oidc.issuer, oidc.clientId, oidc.clientSecret, oidc.scopes, saml.enabled, saml.idpMetadataUrl, saml.idpEntityId, saml.spEntityId, "
            + "saml.displayName, saml.groupsAttribute, saml.caFile, "
            + "adminGroups, ldap.enabled, ldap.url, ldap.startTls, ldap.bindDn, ldap.bindPassword, ldap.userBase, ldap.userFilter, "
            + "ldap.groupBase, ldap.groupFilter, ldap.emailAttribute, ldap.nameAttribute, ldap.caFile, "
            + "only (true: single sign-on only, local passwords off except for administrators; see docs/sso.md).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        Sso parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
        List<String> pairs;

        @Override
        public Integer call() {
            var args = ZvcAdmin.knownPairs(pairs, AdminService.SSO_KEYS);
            JsonNode r = parent.root.call("sso.set", args);
            parent.root.print(spec.commandLine().getOut(), r, lines(r));
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Contact the identity provider(s) and report each check (DNS, connection, TLS certificate, "
                    + "clock, discovery/metadata, redirect or ACS URL, client credentials; LDAP bind and search). "
                    + "Exit code 1 when a check fails.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        Sso parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "oidc, saml or ldap (default: every enabled one).")
        String provider;
        @CommandLine.Option(names = "--base-url", paramLabel = "URL",
                description = "The appliance's public URL the redirect and ACS URLs are made from "
                        + "(default: server.publicUrl, else https://<host name>:<port>).")
        String baseUrl;
        @CommandLine.Option(names = "--user", paramLabel = "NAME", description = "LDAP: a user name to look up (no password needed).")
        String user;

        @Override
        public Integer call() {
            if (provider != null && !List.of("oidc", "saml", "ldap").contains(provider)) {
                throw new ZvcAdmin.Failure(2, "PROVIDER must be oidc, saml or ldap, not " + provider);
            }
            var args = new LinkedHashMap<String, String>();
            args.put("base", baseUrl != null ? baseUrl : defaultBase(parent.root.loadConfig().server()));
            if (provider != null) {
                args.put("provider", provider);
            }
            if (user != null) {
                args.put("user", user);
            }
            JsonNode r = parent.root.call("sso.test", args);
            parent.root.print(spec.commandLine().getOut(), r, report(r));
            return r.path("ok").asBoolean() ? 0 : ZvcAdmin.FAILED;
        }

        private static String defaultBase(com.zoomvconnect.app.AppConfig.Server server) {
            if (!server.publicUrl().isBlank()) {
                return server.publicUrl();
            }
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return "https://" + host + (server.httpsPort() == 443 ? "" : ":" + server.httpsPort());
        }
    }

    /** One line per check: PASS/WARN/FAIL, the provider, the check and why; then a summary. */
    static String report(JsonNode r) {
        var sb = new StringBuilder("Public URL: ").append(r.path("base").asText()).append('\n');
        int failed = 0;
        for (JsonNode c : r.path("checks")) {
            String status = c.path("status").asText().toUpperCase(java.util.Locale.ROOT);
            failed += status.equals("FAIL") ? 1 : 0;
            sb.append(String.format("%-4s  %-4s  %-18s %s%n", status, c.path("provider").asText(), c.path("name").asText(),
                    c.path("detail").asText()));
        }
        sb.append(failed == 0 ? "All checks passed." : failed + " check(s) failed.");
        return sb.toString();
    }
}
