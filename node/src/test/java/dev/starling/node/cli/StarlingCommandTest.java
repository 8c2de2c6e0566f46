package dev.starling.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.SendLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StarlingCommandTest {
    @TempDir
    Path dir;

    private final StringWriter errors = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StarlingCommand.commandLine();
        cli.setErr(new PrintWriter(errors));
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> commands = List.of(
                List.of("join"),
                List.of("invite"),
                List.of("share"),
                List.of("rendezvous"),
                List.of("lab"),
                List.of("compare"),
                List.of("study", "election"),
                List.of("view"),
                List.of("chaos", "run"));
        for (List<String> command : commands) {
            CommandLine cli = StarlingCommand.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(errors));
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            assertThat(cli.execute(args)).as("%s --help", command).isZero();
            assertThat(out.toString()).as("%s --help", command).contains("Usage:");
        }
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() throws Exception {
        assertThat(run("join")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--room");

        assertThat(run("join", "--room", "r", "--bind", "nonsense")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("expected host:port");

        assertThat(run("join", "--room", "r", "--password-env", "STARLING_SURELY_UNSET_VARIABLE"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("is not set");

        Path file = dir.resolve("pw");
        Files.writeString(file, "secret\n");
        assertThat(run("join", "--room", "r", "--password-file", file.toString(), "--password-env", "X"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("one way only");

        assertThat(run("join", "--room", "r", "--password-file", file.toString(), "--media", "camera"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--media: unknown source 'camera'");

        assertThat(run("join", "--room", "r", "--password-file", file.toString(), "--media", "file:talk.mp3"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("neither .wav");

        assertThat(run(
                        "join",
                        "--room",
                        "r",
                        "--password-file",
                        dir.resolve("missing").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("cannot read password file");

        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);

        assertThat(run("lab", "--peers", "6", "--mesh-threshold", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--mesh-threshold must be 2-1000");

        assertThat(run("lab", "--video-bitrate", "fast")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--video-bitrate");

        assertThat(run("lab", "--nodes", "tablet:2")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--nodes: unknown profile 'tablet'");
        assertThat(run("lab", "--nodes", "phone-3g:2", "--peers", "3")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--nodes names 2 nodes but --peers says 3");
        assertThat(run("lab", "--nodes", "phone-3g:2", "--mixers", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--mixers must be 1 to peers-1");
        assertThat(run("lab", "--profiles", dir.resolve("p.yaml").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--profiles needs --nodes");
    }

    @Test
    void anInviteIsPrintedInBothFormsAndABadOneStopsTheJoinWithTwo() {
        StringWriter printed = new StringWriter();
        CommandLine cli = StarlingCommand.commandLine();
        cli.setOut(new PrintWriter(printed));
        cli.setErr(new PrintWriter(errors));
        assertThat(cli.execute(
                        "invite",
                        "--room",
                        "standup",
                        "--rendezvous",
                        "10.0.0.1:7900",
                        "--stun",
                        "stun:s.example:3478"))
                .isEqualTo(ExitCodes.OK);
        List<String> lines = printed.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("starling://join?");
        assertThat(lines.get(1)).startsWith("starling1.");

        assertThat(run("invite", "--room", "standup")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("a rendezvous or peers");
        assertThat(run("join", "--invite", "hello")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--invite: not a Starling invite");
        assertThat(run("join", "--invite", lines.get(0).replace("standup", "stand-up")))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("checksum does not match");
        assertThat(run("join", "--invite", lines.get(1), "--room", "other")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--invite already names the room");
    }

    /** Startup failures, unlike usage errors, exit with 1; both stop before the node joins anything. */
    @Test
    void unusableMediaExitsWithOne() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "secret\n");
        Path wav = dir.resolve("garbage.wav");
        Files.writeString(wav, "not audio");
        assertThat(run(
                        "join",
                        "--room",
                        "r",
                        "--password-file",
                        file.toString(),
                        "--data-dir",
                        dir.toString(),
                        "--media",
                        "file:" + wav))
                .isEqualTo(ExitCodes.FAILURE);
        // This machine has neither camera nor microphone (and no sound server).
        assertThat(run(
                        "join",
                        "--room",
                        "r",
                        "--password-file",
                        file.toString(),
                        "--data-dir",
                        dir.toString(),
                        "--media",
                        "devices"))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(dir.resolve("identity")).doesNotExist();
        // A rendezvous nobody listens on: a clear error at once, not a room of one.
        assertThat(run(
                        "join",
                        "--room",
                        "r",
                        "--rendezvous",
                        "127.0.0.1:1",
                        "--password-file",
                        file.toString(),
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(dir.resolve("identity")).doesNotExist();
    }

    @Test
    void shareRefusesBadArgumentsAndReportsAnUnreachableNode() throws Exception {
        assertThat(run(
                        "share",
                        dir.resolve("missing.bin").toString(),
                        "--node",
                        "http://127.0.0.1:9",
                        "--token-file",
                        "t"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("not a readable file");
        Path file = dir.resolve("ok.bin");
        Files.writeString(file, "content");
        Path token = dir.resolve("api-token");
        Files.writeString(token, "t0ken\n");
        assertThat(run("share", file.toString(), "--node", "http://127.0.0.1:9"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--token-file");
        assertThat(run("share", file.toString(), "--node", "ftp://x", "--token-file", token.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run(
                        "share",
                        file.toString(),
                        "--node",
                        "http://127.0.0.1:9",
                        "--name",
                        "../x",
                        "--token-file",
                        token.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("path separator");
        assertThat(run(
                        "share",
                        file.toString(),
                        "--node",
                        "http://127.0.0.1:9",
                        "--token-file",
                        dir.resolve("no-token").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("cannot read --token-file");
        assertThat(run("share", file.toString(), "--node", "http://127.0.0.1:9", "--token-file", token.toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(errors.toString()).contains("cannot reach");
        assertThat(run("join", "--room", "r", "--max-file-size", "lots")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("not a size");
    }

    @Test
    void joinCarriesItsBitrateCapsAndRefusesBadOnes() {
        assertThat(joinOptions("--room", "r").sendLimits()).isEqualTo(SendLimits.NONE);
        assertThat(joinOptions("--room", "r", "--audio-bitrate", "32kbit", "--video-bitrate", "500000")
                        .sendLimits())
                .isEqualTo(new SendLimits(OptionalInt.of(32_000), OptionalInt.of(500_000)));
        assertThat(joinOptions("--room", "r", "--video-bitrate", "1mbit").sendLimits())
                .isEqualTo(new SendLimits(OptionalInt.empty(), OptionalInt.of(1_000_000)));

        assertThat(run("join", "--room", "r", "--audio-bitrate", "loud")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--audio-bitrate", "not a bitrate: 'loud'");
        assertThat(run("join", "--room", "r", "--video-bitrate", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--video-bitrate", "bitrate out of range: '0'");
    }

    /** Parses without running, so no node starts. */
    private static JoinCommand joinOptions(String... options) {
        CommandLine cli = StarlingCommand.commandLine();
        String[] args = new String[options.length + 1];
        args[0] = "join";
        System.arraycopy(options, 0, args, 1, options.length);
        return (JoinCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void theElectionStudyPlansInterleavedRunsAndRefusesBadArguments() {
        StringWriter out = new StringWriter();
        CommandLine cli = StarlingCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(
                        "study",
                        "election",
                        "--repeats",
                        "2",
                        "--arms",
                        "mesh,seed,worst",
                        "--random-seed",
                        "7",
                        "--dry-run"))
                .isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .startsWith("1 mesh: lab --nodes desktop-fibre:2,phone-3g:4")
                .contains("--mesh-threshold 6");
        assertThat(lines.get(1)).startsWith("1 seed:").contains("--mixers 2 --election-policy seed");
        // The worst mixers are the two weakest by profile.
        assertThat(lines.get(2)).startsWith("1 worst:").contains("--mixers 2 --mixer-candidates 5,6");
        assertThat(lines.get(3)).startsWith("2 seed:");

        assertThat(run("study", "election", "--arms", "mesh,best")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--arms: unknown arm 'best'");
        assertThat(run("study", "election", "--nodes", "phone-3g:4")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("name at least two profiles");
        assertThat(run("study", "election", "--repeats", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--repeats");
        assertThat(run("study", "election", "--seconds", "20", "--kill-mixer-after", "20"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--kill-mixer-after must be");
        assertThat(run("lab", "--peers", "4", "--mixers", "2", "--mixer-candidates", "1,9"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--mixer-candidates names nodes 1 to --peers");
        assertThat(run("lab", "--peers", "4", "--mixers", "2", "--mixer-candidates", "1"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("at least --mixers candidates");
        assertThat(run("chaos", "selftest", "--profile", "tablet")).isEqualTo(ExitCodes.USAGE);
        assertThat(errors.toString()).contains("--profile: unknown profile 'tablet'");
    }

    @Test
    void aStudyIsRebuiltFromTheLabReportsItKept() throws Exception {
        Files.createDirectories(dir.resolve("runs"));
        StringBuilder nodes = new StringBuilder();
        for (int k = 1; k <= 6; k++) {
            nodes.append(k == 1 ? "" : ",")
                    .append("{\"id\":\"id")
                    .append(k)
                    .append("\",\"name\":\"peer")
                    .append(k)
                    .append(k <= 2 ? "-desktop-fibre" : "-phone-3g")
                    .append("\",\"cpu_pct\":")
                    .append(k <= 2 ? 50 : 25)
                    .append(",\"up_kbps\":100}");
        }
        Files.writeString(
                dir.resolve("runs/01-r1-mesh.json"),
                "{\"lab\":{\"seconds\":20},\"pairs\":[],\"nodes\":[" + nodes + "]}");

        assertThat(run("study", "election", "--from-runs", dir.toString())).isZero();
        assertThat(Files.readString(dir.resolve("summary.csv"))).contains("mesh,phone-3g,cpu_pct,25.00,25.00,25.00,1");
        assertThat(dir.resolve("report.html")).exists();

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("runs"));
        assertThat(run("study", "election", "--from-runs", empty.toString())).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void helpListsTheSubcommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = StarlingCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("join", "share", "rendezvous", "view");
    }
}
