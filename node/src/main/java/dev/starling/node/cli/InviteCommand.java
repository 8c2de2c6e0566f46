package dev.starling.node.cli;

import dev.starling.node.room.HostPort;
import dev.starling.node.room.Invite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "invite",
        description = "Print an invite to a room (a starling:// link and a short text form) for `join --invite`:"
                + " the room id, its rendezvous or peers and the ICE servers. Never the password.")
final class InviteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--room", required = true, paramLabel = "ID", description = "Room id.")
    String room;

    @Option(
            names = "--rendezvous",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "The rendezvous the room meets at.")
    HostPort rendezvous;

    @Option(
            names = "--peer",
            converter = HostPortConverter.class,
            paramLabel = "HOST:PORT",
            description = "A member to join through, if there is no rendezvous; repeatable.")
    List<HostPort> peers = new ArrayList<>();

    @Option(names = "--stun", paramLabel = "URL", description = "STUN server; repeatable.")
    List<String> stun = new ArrayList<>();

    @Option(
            names = "--turn",
            paramLabel = "URL",
            description = "TURN server (its credentials are not in the invite); repeatable.")
    List<String> turn = new ArrayList<>();

    @Override
    public Integer call() {
        Invite invite;
        try {
            invite = new Invite(room, Optional.ofNullable(rendezvous), peers, stun, turn);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println(invite.link());
        out.println(invite.text());
        out.flush();
        return ExitCodes.OK;
    }
}
