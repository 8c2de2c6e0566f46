package dev.starling.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.fabric.Fabric;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.CpuShares;
import dev.starling.chaos.lab.Lab;
import dev.starling.chaos.lab.LabNetwork;
import dev.starling.chaos.lab.LabSite;
import dev.starling.chaos.lab.PeerProfile;
import dev.starling.chaos.lab.PeerProfiles;
import dev.starling.chaos.run.ChaosBackend;
import dev.starling.chaos.run.FabricBackend;
import dev.starling.chaos.run.FabricHosts;
import dev.starling.chaos.run.ProfileLinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lab", description = "Run N nodes on this machine, each in its own network namespace, in one room.")
final class LabCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Three route steps of 1.5 s each plus time for the receivers' jitter buffers to settle. */
    private static final Duration ROUTE_SETTLE = Duration.ofSeconds(8);
    /** The failover report needs the re-routing and the re-election after a kill to have happened. */
    private static final int MIN_AFTER_KILL_SECONDS = 10;

    @Option(names = "--peers", defaultValue = "4", description = "Number of nodes, 1-16 (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(
            names = "--seconds",
            defaultValue = "0",
            description = "Run this long after the room has formed; 0 = until Ctrl-C.")
    int seconds;

    @Option(
            names = "--media",
            defaultValue = "synthetic",
            description = "Media of every node: synthetic, none, or browser (each node sends what its call page"
                    + " captures; the lab prints every call URL) (default: ${DEFAULT-VALUE}).")
    String media;

    @Option(
            names = "--video",
            paramLabel = "WxH@FPS",
            description =
                    "Synthetic video size and rate of every node, e.g. 192x144@10 to spare CPU (passed to every node).")
    String video;

    /** Passed to every node. */
    @CommandLine.Mixin
    BitrateCaps bitrateCaps = new BitrateCaps();

    @Option(names = "--measure", description = "What to report at the end: latency.")
    String measure;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (logs go to stderr).")
    boolean json;

    @Option(
            names = "--mixers",
            paramLabel = "M",
            description = "Elect M mixers once the room has formed (passed to every node).")
    Integer mixers;

    @Option(
            names = "--mesh-threshold",
            paramLabel = "N",
            description = "Without --mixers, elect mixers once the room has more than N members (passed to every node; "
                    + "the node's default is 5). A threshold of at least --peers keeps the lab in mesh.")
    Integer meshThreshold;

    @Option(
            names = "--election-policy",
            paramLabel = "POLICY",
            description = "Election scoring of every node: seed or balanced.")
    String electionPolicy;

    @Option(
            names = "--mixer-candidates",
            paramLabel = "K[,K...]",
            split = ",",
            description = "Only nodes K (1-based) stand in mixer elections; the others decline"
                    + " (--no-mixer-candidate). Pins the mixers when there are as many as --mixers.")
    List<Integer> mixerCandidates = new ArrayList<>();

    @Option(
            names = "--kill-mixer-after",
            paramLabel = "S",
            description =
                    "With --mixers: S seconds into the run, kill the best-ranked mixer (SIGKILL) and report every peer's audio gap.")
    Integer killMixerAfter;

    @Option(
            names = "--kills",
            paramLabel = "K",
            defaultValue = "1",
            description =
                    "With --kill-mixer-after: kill K mixers one after the other, each once the room has re-elected "
                            + "(default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--realtime-threads",
            description = "Let libwebrtc raise the nodes' threads to real-time priority, as it does in a node run as"
                    + " root. By default lab nodes run without that privilege, as a person's node does.")
    boolean realtimeThreads;

    @Option(
            names = "--cleanup",
            description = "Remove namespaces and links left by lab runs that were killed, then exit.")
    boolean cleanup;

    @Option(
            names = "--turn-relay",
            paramLabel = "K[,K...]",
            split = ",",
            description = "Run a TURN server (Debian's coturn) for the lab; nodes K (1-based) send their media"
                    + " through it only, never directly, as behind a symmetric NAT. The report's pairs say relay.")
    List<Integer> turnRelay = new ArrayList<>();

    @Option(
            names = "--sites",
            paramLabel = "SITE[,SITE...]",
            description = "Where each node sits, one per peer: public, cone (behind a NAT with endpoint-independent"
                    + " mapping) or symmetric (behind a NAT that maps every destination anew). The lab runs a STUN/TURN"
                    + " server (coturn) and a rendezvous on its public network, and the nodes join by one invite.")
    String sites;

    @Option(
            names = "--nodes",
            paramLabel = "PROFILE:COUNT[,...]",
            description =
                    "Nodes by peer profile, in order, e.g. desktop-fibre:2,phone-3g:4: each gets its profile's CPU"
                            + " share, link rates, delay, jitter and loss (replaces --peers).")
    String nodeProfiles;

    @Option(
            names = "--profiles",
            paramLabel = "FILE",
            description = "More peer profiles (YAML, the format of the built-in ones) for --nodes.")
    Path profilesFile;

    @Option(
            names = "--flame-graphs",
            paramLabel = "DIR",
            description = "Record a CPU flame graph of every node over the measured window into DIR, one HTML"
                    + " file per node (every thread, libwebrtc's native ones included).")
    Path flameGraphs;

    private List<PeerProfile> profiles;

    @Override
    public Integer call() throws Exception {
        // Arguments first: a mistake in them is worth hearing about before anything about the machine.
        if (!cleanup) {
            validate();
        }
        ProcessCommandRunner runner = new ProcessCommandRunner();
        if (!Privileges.isRoot(runner)) {
            System.err.println(
                    "error: the lab needs root (CAP_NET_ADMIN) to create network namespaces; run it as root");
            return ExitCodes.USAGE;
        }
        if (cleanup) {
            System.err.println("removed " + LabNetwork.removeStale(runner) + " leftover namespaces and links, and "
                    + CpuShares.removeStale(Path.of("/sys/fs/cgroup")) + " CPU groups");
            return ExitCodes.OK;
        }
        Lab lab = new Lab(runner, peers, media, nodeOptions(), System.err);
        if (!mixerCandidates.isEmpty()) {
            for (int i = 1; i <= peers; i++) {
                if (!mixerCandidates.contains(i)) {
                    lab.nodeOptions(i, List.of("--no-mixer-candidate"));
                }
            }
        }
        if (realtimeThreads) {
            lab.allowRealtimeThreads();
        }
        if (!turnRelay.isEmpty()) {
            lab.relayMediaThroughTurn(java.util.Set.copyOf(turnRelay));
        }
        if (sites != null) {
            lab.atSites(LabSite.parseList(sites));
        }
        Fabric fabric = null;
        if (profiles != null) {
            lab.withProfiles(profiles);
            if (profiles.stream().anyMatch(PeerProfile::impairsLink)) {
                fabric = onFabric(lab, runner);
            }
        }
        Thread hook = new Thread(lab::close, "lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (fabric != null) {
                // Before any node starts: the elections that run while the room forms probe the
                // links, and a probe result is reused for 30 s, so an unshaped start would score a
                // phone on a link it does not have.
                Fabric links = fabric;
                ProfileLinks.between(profileNodeNames(), profiles)
                        .forEach((link, faults) -> links.setImpairment(link.from(), link.to(), faults));
            }
            lab.start();
            if (!lab.awaitRoom(Duration.ofSeconds(120))) {
                System.err.println("error: the room did not form within 120 s\n" + lab.logTails(15));
                return ExitCodes.FAILURE;
            }
            // Printed once the nodes are up: each view URL carries the token its node wrote.
            List<String> apis = lab.apiUrls();
            List<String> views = lab.viewUrls();
            List<String> calls = media.equals("browser") ? lab.callUrls() : List.of();
            for (int i = 0; i < apis.size(); i++) {
                (json ? System.err : System.out)
                        .println("node API " + apis.get(i) + "   view " + views.get(i)
                                + (calls.isEmpty() ? "" : "   call " + calls.get(i)));
            }
            if (!calls.isEmpty()) {
                System.err.println("the nodes send nothing until their call pages attach: open each call URL in a"
                        + " browser on this machine");
            }
            System.err.println("room formed with " + peers + " nodes; combined view of the room: " + views.get(0));
            if (media.equals("synthetic") && peers > 1 && !lab.awaitMedia(Duration.ofSeconds(60))) {
                System.err.println("warning: not every pair receives audio and video yet");
            }
            if (mixers != null) {
                long started = System.nanoTime();
                if (lab.awaitElection(mixers, Duration.ofSeconds(120))) {
                    System.err.printf(
                            "election of %d mixer(s) agreed by every node after %d ms%n",
                            mixers, (System.nanoTime() - started) / 1_000_000);
                } else {
                    System.err.println("warning: the nodes did not agree on " + mixers + " mixer(s) within 120 s");
                }
            }
            ObjectNode switchGaps = null;
            if (mixers != null) {
                // Routes switch make-before-break after the election; measure the settled topology.
                TimeUnit.MILLISECONDS.sleep(ROUTE_SETTLE.toMillis());
                long switched = lab.lastRouteSwitchMillis();
                if (switched > 0) {
                    switchGaps = lab.gapReport(null, switched);
                }
            }
            // The measured window starts here, in mesh and mixer mode alike: counts and latencies
            // cover these `seconds` only, not the links' start.
            lab.resetLatencies();
            if (flameGraphs != null) {
                lab.flameGraphs("start");
            }
            List<ObjectNode> failovers = new java.util.ArrayList<>();
            ObjectNode beforeKills = null;
            if (killMixerAfter != null) {
                TimeUnit.SECONDS.sleep(killMixerAfter);
                // The room as measured before any kill: every pair, hops, upload and CPU of all N peers.
                beforeKills = lab.report(killMixerAfter);
                for (int k = 1; k <= kills; k++) {
                    long before = lab.electionNumber();
                    Optional<Lab.KilledMixer> killed = lab.killMixer();
                    if (killed.isEmpty()) {
                        System.err.println("warning: no mixer to kill");
                        break;
                    }
                    System.err.println("killed mixer " + killed.get().name() + " ("
                            + killed.get().peer() + ")");
                    TimeUnit.SECONDS.sleep(
                            k == kills
                                    ? Math.max(seconds - killMixerAfter, MIN_AFTER_KILL_SECONDS)
                                    : MIN_AFTER_KILL_SECONDS);
                    failovers.add(lab.failoverReport(killed.get()));
                    if (k < kills
                            && !lab.awaitElection(
                                    Math.min(mixers, lab.liveNodes() - 1), before, Duration.ofSeconds(60))) {
                        System.err.println("warning: no re-election after the kill; stopping the kills");
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(ROUTE_SETTLE.toMillis());
                }
            } else if (seconds > 0) {
                TimeUnit.SECONDS.sleep(seconds);
            } else {
                System.err.println("running until Ctrl-C");
                new CountDownLatch(1).await();
            }
            Map<String, JsonNode> recorded = flameGraphs == null ? Map.of() : lab.flameGraphs("stop");
            recorded.forEach((node, answer) -> System.err.println("flame graph of " + node + ": "
                    + answer.path("lastFile").asText(answer.path("error").asText("no answer"))
                    + "; CPU by thread (%): " + answer.path("threads")));
            if ("latency".equals(measure) || json) {
                ObjectNode report = beforeKills != null ? beforeKills : lab.report(seconds);
                if (!recorded.isEmpty()) {
                    ObjectNode graphs = report.putObject("flame_graphs");
                    recorded.forEach(graphs::set);
                }
                if (switchGaps != null) {
                    report.set("switch", switchGaps);
                }
                if (failovers.size() == 1) {
                    report.set("failover", failovers.get(0));
                } else if (!failovers.isEmpty()) {
                    report.putArray("failovers").addAll(failovers);
                }
                System.out.println(
                        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            }
            return ExitCodes.OK;
        } finally {
            lab.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or ran already; it closed the lab.
            }
        }
    }

    private List<String> nodeOptions() {
        List<String> options = new java.util.ArrayList<>();
        if (mixers != null) {
            options.addAll(List.of("--mixers", Integer.toString(mixers)));
        }
        if (electionPolicy != null) {
            options.addAll(List.of("--election-policy", electionPolicy));
        }
        if (video != null) {
            options.addAll(List.of("--video", video));
        }
        if (meshThreshold != null) {
            options.addAll(List.of("--mesh-threshold", Integer.toString(meshThreshold)));
        }
        options.addAll(bitrateCaps.asJoinOptions());
        if (flameGraphs != null) {
            options.addAll(
                    List.of("--flame-graph-dir", flameGraphs.toAbsolutePath().toString()));
        }
        return options;
    }

    /**
     * Profiles with delay, jitter or loss: the nodes sit on the chaos fabric, whose userspace switch
     * impairs each directed link (this kernel has no netem); its network closes with the lab.
     */
    private Fabric onFabric(Lab lab, ProcessCommandRunner runner) throws java.io.IOException {
        FabricBackend backend = new FabricBackend(runner);
        backend.sweepStale();
        ChaosBackend.Network network = backend.build(profileNodeNames(), new java.security.SecureRandom().nextLong());
        lab.useHosts(n -> network.hosts());
        System.err.println("peer profiles with delay, jitter or loss: the nodes sit on the chaos fabric");
        return ((FabricHosts) network.hosts()).fabric();
    }

    private List<String> profileNodeNames() {
        return java.util.stream.IntStream.rangeClosed(1, profiles.size())
                .mapToObj(i -> "peer" + i)
                .toList();
    }

    /** --nodes: one profile per node; it sets the number of peers. */
    private void resolveProfiles() {
        if (profilesFile != null && nodeProfiles == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profiles needs --nodes");
        }
        if (nodeProfiles != null) {
            try {
                profiles = PeerProfiles.builtInWith(profilesFile).nodes(nodeProfiles);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), (profilesFile != null ? "--profiles/" : "") + "--nodes: " + e.getMessage());
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--peers") && peers != profiles.size()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--nodes names " + profiles.size() + " nodes but --peers says " + peers);
            }
            peers = profiles.size();
            if (sites != null || !turnRelay.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--nodes does not combine with --sites or --turn-relay yet");
            }
        }
    }

    private void validate() {
        resolveProfiles();
        if (mixers != null && (mixers < 1 || mixers >= peers)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mixers must be 1 to peers-1");
        }
        if (meshThreshold != null && (meshThreshold < 2 || meshThreshold > 1000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mesh-threshold must be 2-1000");
        }
        if (kills < 1 || kills > 15) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kills must be 1-15");
        }
        if (killMixerAfter != null && (mixers == null || killMixerAfter < 0 || seconds <= 0)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--kill-mixer-after needs --mixers, --seconds and a non-negative delay");
        }
        if (electionPolicy != null && !electionPolicy.equals("seed") && !electionPolicy.equals("balanced")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--election-policy must be seed or balanced");
        }
        for (int k : mixerCandidates) {
            if (k < 1 || k > peers) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--mixer-candidates names nodes 1 to --peers");
            }
        }
        if (!mixerCandidates.isEmpty() && (mixers == null || mixerCandidates.size() < mixers)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--mixer-candidates needs --mixers and at least --mixers candidates");
        }
        for (int k : turnRelay) {
            if (k < 1 || k > peers) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--turn-relay names nodes 1 to --peers");
            }
        }
        if (sites != null) {
            List<LabSite> parsed;
            try {
                parsed = LabSite.parseList(sites);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sites: " + e.getMessage());
            }
            if (parsed.size() != peers) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--sites names " + parsed.size() + " sites for " + peers + " peers");
            }
            if (!turnRelay.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--sites brings its own TURN server: drop --turn-relay");
            }
        }
        if (peers < 1 || peers > 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--peers must be 1-16");
        }
        if (seconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must not be negative");
        }
        if (!media.equals("synthetic") && !media.equals("none") && !media.equals("browser")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--media must be synthetic, browser or none");
        }
        if (measure != null && !measure.equals("latency")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--measure supports: latency");
        }
    }
}
