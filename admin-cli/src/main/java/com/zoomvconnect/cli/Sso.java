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
@Command(name = "sso", mixinStandardHelpOptions = true, description = "Single sign-on settings (OIDC, SAML).",
        subcommands = {Sso.Show.class, Sso.Set.class})
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
            + "ldap.groupBase, ldap.groupFilter, ldap.emailAttribute, ldap.nameAttribute, ldap.caFile (see docs/sso.md).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        Sso parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
        List<String> pairs;

        @Override
        public Integer call() {
            var args = new LinkedHashMap<String, String>();
            for (String p : pairs) {
                int i = p.indexOf('=');
                if (i <= 0 || !AdminService.SSO_KEYS.contains(p.substring(0, i))) {
                    throw new ZvcAdmin.Failure(2, "Not a known KEY=VALUE: " + p + " (keys: " + AdminService.SSO_KEYS + ")");
                }
                args.put(p.substring(0, i), p.substring(i + 1));
            }
            JsonNode r = parent.root.call("sso.set", args);
            parent.root.print(spec.commandLine().getOut(), r, lines(r));
            return 0;
        }
    }
}
