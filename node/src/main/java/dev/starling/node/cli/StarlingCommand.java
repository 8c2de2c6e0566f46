package dev.starling.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code starling}: the one entry point; each job is a subcommand. */
@Command(
        name = "starling",
        // Inherited: every subcommand answers --help and --version too.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = StarlingCommand.Version.class,
        description =
                "Decentralized conferencing node: join a password-protected room, chat, and (soon) exchange media.",
        subcommands = {
            JoinCommand.class,
            InviteCommand.class,
            ShareCommand.class,
            RendezvousCommand.class,
            LabCommand.class,
            CompareCommand.class,
            StudyCommand.class,
            ViewCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StarlingCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StarlingCommand());
        cli.setExitCodeExceptionMapper(
                e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {dev.starling.node.StarlingNode.AGENT};
        }
    }
}
