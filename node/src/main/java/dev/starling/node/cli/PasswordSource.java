package dev.starling.node.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Where the room password comes from. Files, environment variables and the terminal keep it out
 * of {@code ps}; a literal {@code --password} is accepted only with a warning.
 */
final class PasswordSource {
    @CommandLine.Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the room password from the first line of FILE.")
    Path file;

    @CommandLine.Option(
            names = "--password-env",
            paramLabel = "VAR",
            description = "Read the room password from environment variable VAR.")
    String environmentVariable;

    @CommandLine.Option(
            names = "--password",
            paramLabel = "PASSWORD",
            description = "The password itself. Visible to every user via ps: prefer the other options.")
    String literal;

    char[] read(CommandLine.Model.CommandSpec spec) {
        int given = (file != null ? 1 : 0) + (environmentVariable != null ? 1 : 0) + (literal != null ? 1 : 0);
        if (given > 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "give the password one way only: --password-file, --password-env or --password");
        }
        char[] password;
        if (file != null) {
            password = fromFile(spec);
        } else if (environmentVariable != null) {
            String value = System.getenv(environmentVariable);
            if (value == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "environment variable " + environmentVariable + " is not set");
            }
            password = value.toCharArray();
        } else if (literal != null) {
            System.err.println("warning: --password puts the room password in the process list; "
                    + "use --password-file or --password-env instead");
            password = literal.toCharArray();
        } else {
            password = prompt(spec);
        }
        if (password.length == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the room password must not be empty");
        }
        return password;
    }

    private char[] fromFile(CommandLine.Model.CommandSpec spec) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String line = end < 0 ? content : content.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot read password file " + file + ": " + e.getMessage());
        }
    }

    private static char[] prompt(CommandLine.Model.CommandSpec spec) {
        Console console = System.console();
        if (console == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no password given and no terminal to ask on: use --password-file FILE or --password-env VAR");
        }
        char[] password = console.readPassword("Room password: ");
        return password == null ? new char[0] : password;
    }
}
