package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** List and manage user accounts: {@code zvc-admin users list|add|disable|enable|reset-password|set-role|sign-out}. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "List and manage user accounts.",
        subcommands = {Users.ListUsers.class, Users.Add.class, Users.Disable.class, Users.Enable.class,
            Users.ResetPassword.class, Users.SetRole.class, Users.SignOut.class})
final class Users {
    @ParentCommand
    ZvcAdmin root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        Users users;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = users.root.call("users.list", Map.of());
            var out = spec.commandLine().getOut();
            if (users.root.json) {
                users.root.print(out, r, "");
                return 0;
            }
            out.printf("%-36s  %-32s  %-6s  %s%n", "EMAIL", "NAME", "ROLE", "STATE");
            for (JsonNode u : r) {
                out.printf("%-36s  %-32s  %-6s  %s%n", u.path("email").asText(), u.path("displayName").asText(),
                        u.path("role").asText(), u.path("disabled").asBoolean() ? "disabled" : "active");
            }
            return 0;
        }
    }

    abstract static class PasswordCommand {
        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.")
        Path passwordFile;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (--admin for an administrator).")
    static final class Add extends PasswordCommand implements Callable<Integer> {
        @ParentCommand
        Users users;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "EMAIL")
        String email;
        @Option(names = "--name", description = "Display name (default: the email).")
        String name;
        @Option(names = "--admin", description = "Make the account an administrator.")
        boolean admin;

        @Override
        public Integer call() {
            String password = ZvcAdmin.readPassword(passwordFile, passwordStdin);
            var args = new LinkedHashMap<String, String>();
            args.put("email", email);
            args.put("password", password);
            args.put("displayName", name == null ? email : name);
            args.put("admin", Boolean.toString(admin));
            JsonNode r = users.root.call("users.add", args);
            users.root.print(spec.commandLine().getOut(), r, "Created " + r.path("role").asText() + " " + r.path("email").asText());
            return 0;
        }
    }

    /** A command on one account named by its e-mail: one admin call, one line saying what was done. */
    abstract static class OnOneAccount implements Callable<Integer> {
        @ParentCommand
        Users users;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "EMAIL")
        String email;
        private final String method;
        private final java.util.function.UnaryOperator<String> done;

        OnOneAccount(String method, java.util.function.UnaryOperator<String> done) {
            this.method = method;
            this.done = done;
        }

        @Override
        public Integer call() {
            JsonNode r = users.root.call(method, Map.of("email", email));
            users.root.print(spec.commandLine().getOut(), r, done.apply(r.path("email").asText()));
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an account and sign it out everywhere.")
    static final class Disable extends OnOneAccount {
        Disable() {
            super("users.disable", email -> "Disabled " + email);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account.")
    static final class Enable extends OnOneAccount {
        Enable() {
            super("users.enable", email -> "Enabled " + email);
        }
    }

    @Command(name = "sign-out", mixinStandardHelpOptions = true,
            description = "Sign an account out on every device (open sessions end within 15 minutes).")
    static final class SignOut extends OnOneAccount {
        SignOut() {
            super("users.sign-out", email -> "Signed out " + email + " everywhere");
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true, description = "Set a new password (signs the account out).")
    static final class ResetPassword extends PasswordCommand implements Callable<Integer> {
        @ParentCommand
        Users users;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            JsonNode r = users.root.call("users.reset-password", Map.of("email", email,
                    "password", ZvcAdmin.readPassword(passwordFile, passwordStdin)));
            users.root.print(spec.commandLine().getOut(), r, "New password set for " + r.path("email").asText());
            return 0;
        }
    }

    @Command(name = "set-role", mixinStandardHelpOptions = true, description = "Make an account admin or user.")
    static final class SetRole implements Callable<Integer> {
        @ParentCommand
        Users users;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;
        @Parameters(index = "1", paramLabel = "ROLE", description = "admin or user")
        String role;

        @Override
        public Integer call() {
            JsonNode r = users.root.call("users.set-role", Map.of("email", email, "role", role));
            users.root.print(spec.commandLine().getOut(), r, r.path("email").asText() + " is now " + r.path("role").asText());
            return 0;
        }
    }
}
