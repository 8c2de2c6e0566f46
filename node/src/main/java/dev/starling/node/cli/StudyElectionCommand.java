package dev.starling.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.PeerProfile;
import dev.starling.chaos.lab.PeerProfiles;
import dev.starling.chaos.report.ResultWriter;
import dev.starling.chaos.study.Figure;
import dev.starling.chaos.study.MixerChoice;
import dev.starling.chaos.study.PeerClasses;
import dev.starling.chaos.study.RunDigest;
import dev.starling.chaos.study.StudyArm;
import dev.starling.chaos.study.StudyFiles;
import dev.starling.chaos.study.StudySchedule;
import dev.starling.chaos.study.StudySummary;
import dev.starling.node.media.VideoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starling study election}: one room of unequal peers under a full mesh, the seed policy,
 * the balanced policy, a random and the worst choice of mixers, repeated and interleaved; per peer
 * class and arm, what each choice does.
 */
@Command(
        name = "election",
        description = "Run the same room of unequal peers (lab profiles) under a full mesh, the seed and the"
                + " balanced election, random mixers and the worst mixers, repeated and interleaved, and report"
                + " per peer class and arm (JSON, CSV, HTML). Needs root, like the lab.")
final class StudyElectionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--nodes",
            defaultValue = "desktop-fibre:2,phone-3g:4",
            paramLabel = "PROFILE:COUNT[,...]",
            description = "The room, as for `lab --nodes` (default: ${DEFAULT-VALUE}).")
    String nodes;

    @Option(names = "--profiles", paramLabel = "FILE", description = "More peer profiles, as for `lab --profiles`.")
    Path profilesFile;

    @Option(
            names = "--mixers",
            paramLabel = "M",
            description = "Mixers in every arm but the mesh (default: as many as the strongest class has peers).")
    Integer mixers;

    @Option(
            names = "--arms",
            defaultValue = "mesh,seed,balanced,random,worst",
            description = "Which arms, comma-separated (default: ${DEFAULT-VALUE}).")
    String arms;

    @Option(
            names = "--repeats",
            defaultValue = "10",
            description = "Runs of every arm, 1-50 (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description = "Measured window of every run, 5-600 (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--video",
            defaultValue = "192x144@10",
            paramLabel = "WxH@FPS",
            description = "Synthetic video of every node (default: ${DEFAULT-VALUE}, which six nodes on two cores"
                    + " can carry).")
    String video;

    @Option(
            names = "--kill-mixer-after",
            paramLabel = "S",
            description = "In every arm with mixers, kill the best-ranked mixer S seconds into the window and"
                    + " report each class's audio gap (the figures before the kill cover those S seconds).")
    Integer killMixerAfter;

    @Option(
            names = "--random-seed",
            paramLabel = "N",
            description = "Seed of the random arm's draws (default: a fresh one, printed and recorded).")
    Long randomSeed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the study's files go (default: study-election-<date-time> here).")
    Path out;

    @Option(names = "--dry-run", description = "Print the runs' lab options in order and exit; runs nothing.")
    boolean dryRun;

    @Option(
            names = "--from-runs",
            paramLabel = "DIR",
            description = "Rebuild the study's files from the lab reports an earlier study kept in DIR/runs (into"
                    + " --out, default DIR); runs no lab. --nodes must name the same room.")
    Path fromRuns;

    private List<PeerProfile> profiles;

    @Override
    public Integer call() throws Exception {
        profiles = profiles();
        PeerClasses room = new PeerClasses(profiles);
        List<StudyArm> chosenArms = validate(room, profiles.size());
        int m = mixers != null
                ? mixers
                : Math.min(room.nodesOf(room.strongest()).size(), profiles.size() - 1);
        long seed = randomSeed != null ? randomSeed : new SecureRandom().nextLong();
        MixerChoice choice = new MixerChoice(room, m, new Random(seed));
        List<StudySchedule.Slot> slots = StudySchedule.interleaved(chosenArms, repeats);
        if (fromRuns != null) {
            return rebuild(room, m);
        }
        if (dryRun) {
            java.io.PrintWriter printed = spec.commandLine().getOut();
            for (StudySchedule.Slot slot : slots) {
                printed.println(slot.repeat() + " " + slot.arm().label() + ": lab "
                        + String.join(" ", labOptions(slot.arm(), choice.candidates(slot.arm()), m)));
            }
            printed.flush();
            return ExitCodes.OK;
        }
        if (!Privileges.isRoot(new ProcessCommandRunner())) {
            System.err.println("error: the study runs labs, which need root (CAP_NET_ADMIN); run it as root");
            return ExitCodes.USAGE;
        }
        Path dir = out != null
                ? out
                : Path.of(
                        "study-election-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir.resolve("runs"));
        Path log = dir.resolve("labs.log");
        ObjectMapper mapper = new ObjectMapper();
        String command = commandLine() + (randomSeed == null ? " --random-seed " + seed : "");
        System.err.printf(
                "study: %d runs (%d arms x %d), %s, %d mixer(s), random seed %d; labs log to %s%n",
                slots.size(), chosenArms.size(), repeats, nodes, m, seed, log);
        List<RunDigest> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (StudySchedule.Slot slot : slots) {
            n++;
            List<Integer> candidates = choice.candidates(slot.arm());
            String name =
                    String.format("%02d-r%d-%s", n, slot.repeat(), slot.arm().label());
            long started = System.nanoTime();
            JsonNode report = LabProcess.run(
                    labOptions(slot.arm(), candidates, m), seconds, dir.resolve("runs/" + name + ".json"), log, mapper);
            long took = (System.nanoTime() - started) / 1_000_000_000L;
            if (report == null) {
                failures.add(name);
                System.err.printf(
                        "run %d/%d %s: the lab failed after %d s (see %s)%n", n, slots.size(), name, took, log);
                continue;
            }
            RunDigest digest = RunDigest.of(slot.repeat(), slot.arm(), report, room);
            runs.add(digest);
            System.err.printf(
                    "run %d/%d %s (%d s): mixers %s; %s hear at p50 %s ms and see %s fps%n",
                    n,
                    slots.size(),
                    name,
                    took,
                    digest.mixers().stream().map(k -> "peer" + k).collect(Collectors.joining(",", "[", "]")),
                    room.weakest(),
                    ResultWriter.number(digest.figure(room.weakest(), Figure.AUDIO_P50)),
                    ResultWriter.number(digest.figure(room.weakest(), Figure.FPS)));
        }
        StudySummary summary = new StudySummary(room, m, runs);
        new StudyFiles().write(dir, command, runs, failures, summary);
        for (StudySummary.Picks p : summary.picks()) {
            System.out.printf(
                    "%s: the strong peers (%s) elected in %d of %d runs%n",
                    p.arm().label(), room.strongest(), p.strong(), p.runs());
        }
        for (StudySummary.Comparison c : summary.comparisons()) {
            System.out.printf(
                    "%s vs %s, %s of %s: better by %s, run-to-run spread %s: %s%n",
                    c.arm().label(),
                    c.baseline().label(),
                    c.figure().title(),
                    room.weakest(),
                    ResultWriter.number(c.margin()),
                    ResultWriter.number(c.spread()),
                    c.holds() ? "beyond the spread" : "NOT beyond the spread");
        }
        System.out.println("report " + dir.resolve("report.html").toAbsolutePath()
                + (failures.isEmpty() ? "" : "; " + failures.size() + " run(s) failed: " + failures));
        return runs.isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** The files of an earlier study, from its lab reports ({@code NN-rR-ARM.json}, as the study names them). */
    private int rebuild(PeerClasses room, int m) throws IOException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("\\d+-r(\\d+)-([a-z]+)\\.json");
        List<RunDigest> runs = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (var files = Files.list(fromRuns.resolve("runs"))) {
            for (Path file : files.sorted().toList()) {
                java.util.regex.Matcher match = name.matcher(file.getFileName().toString());
                if (match.matches() && Files.size(file) > 0) {
                    StudyArm arm = StudyArm.parseList(match.group(2)).get(0);
                    runs.add(RunDigest.of(Integer.parseInt(match.group(1)), arm, mapper.readTree(file.toFile()), room));
                }
            }
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
            System.err.println("error: " + fromRuns.resolve("runs") + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (runs.isEmpty()) {
            System.err.println("error: no lab reports in " + fromRuns.resolve("runs"));
            return ExitCodes.FAILURE;
        }
        Path dir = out != null ? out : fromRuns;
        new StudyFiles().write(dir, commandLine(), runs, List.of(), new StudySummary(room, m, runs));
        System.out.println("report " + dir.resolve("report.html").toAbsolutePath() + " from " + runs.size() + " runs");
        return ExitCodes.OK;
    }

    /** This command as typed; the original arguments start at the top command ("study election ..."). */
    private String commandLine() {
        return "starling "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private List<String> labOptions(StudyArm arm, List<Integer> candidates, int m) {
        List<String> options = new ArrayList<>(List.of("--nodes", nodes));
        if (profilesFile != null) {
            options.addAll(List.of("--profiles", profilesFile.toString()));
        }
        options.addAll(List.of("--seconds", Integer.toString(seconds), "--video", video));
        switch (arm) {
            // A threshold of the room's size keeps it in mesh whatever its size.
            case MESH -> options.addAll(List.of("--mesh-threshold", Integer.toString(profiles.size())));
            case SEED, BALANCED ->
                options.addAll(List.of("--mixers", Integer.toString(m), "--election-policy", arm.label()));
            case RANDOM, WORST ->
                options.addAll(List.of(
                        "--mixers",
                        Integer.toString(m),
                        "--mixer-candidates",
                        candidates.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        if (killMixerAfter != null && arm.hasMixers()) {
            options.addAll(List.of("--kill-mixer-after", Integer.toString(killMixerAfter)));
        }
        return options;
    }

    private List<PeerProfile> profiles() {
        try {
            return PeerProfiles.builtInWith(profilesFile).nodes(nodes);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), (profilesFile != null ? "--profiles/" : "") + "--nodes: " + e.getMessage());
        }
    }

    private List<StudyArm> validate(PeerClasses room, int peers) {
        List<StudyArm> parsed;
        try {
            parsed = StudyArm.parseList(arms);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--arms: " + e.getMessage());
        }
        try {
            VideoFormat.parse(video);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--video: " + e.getMessage());
        }
        if (room.strongestFirst().size() < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--nodes: the study compares unequal peers; name at least two profiles");
        }
        if (peers > 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes: at most 16 nodes");
        }
        if (mixers != null && (mixers < 1 || mixers >= peers)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mixers must be 1 to peers-1");
        }
        if (repeats < 1 || repeats > 50 || seconds < 5 || seconds > 600) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "expected 1 <= --repeats <= 50 and 5 <= --seconds <= 600");
        }
        if (killMixerAfter != null && (killMixerAfter < 5 || killMixerAfter >= seconds)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--kill-mixer-after must be at least 5 and less than --seconds");
        }
        return parsed;
    }
}
