package dev.starling.chaos.scenario;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads scenario YAML through SnakeYAML's node API (not object binding) so each value keeps its
 * source mark; then checks cross references (targets, groups, timing) against the same marks.
 */
public final class ScenarioParser {
    static final Pattern NODE_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Pattern SCENARIO_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]+");
    private static final Set<String> RESERVED_IDS = Set.of("all", "client", "mixer", "leader");
    private static final Set<String> ACTIONS = Set.of("delay", "loss", "loss-state", "loss-gemodel", "rate",
            "duplicate", "corrupt", "reorder", "pause", "kill", "stop", "partition");
    private static final int MAX_BYTES = 1 << 20;

    public Scenario parse(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ScenarioException(file.toString(), 1, 1, "", "file is larger than 1 MiB");
        }
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public Scenario parse(String fileName, String yaml) {
        return parse(fileName, compose(fileName, new StringReader(yaml)));
    }

    /** For suites, which assemble scenario trees from pieces of one file and keep its marks. */
    Scenario parse(String fileName, Node root) {
        if (root == null) throw new ScenarioException(fileName, 1, 1, "", "the file is empty");
        return new Reading(fileName).scenario(new YamlCursor(fileName, "", root));
    }

    static Node compose(String fileName, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (m == null) throw new ScenarioException(fileName, 1, 1, "", problem);
            throw new ScenarioException(fileName, m.getLine() + 1, m.getColumn() + 1, "", problem);
        } catch (YAMLException e) {
            throw new ScenarioException(fileName, 1, 1, "", "not valid YAML: " + e.getMessage());
        }
    }

    /** State of one parse: the node ids seen so far, needed to check targets. */
    private static final class Reading {
        private final String file;
        private final Set<String> nodeIds = new LinkedHashSet<>();

        Reading(String file) { this.file = file; }

        Scenario scenario(YamlCursor root) {
            var f = root.fields(Set.of("name", "description", "seed", "duration", "peers", "mixers", "media",
                    "measure", "faults"));
            String name = f.required("name").text();
            if (!SCENARIO_NAME.matcher(name).matches()) {
                throw f.required("name").error("use lower-case letters, digits and '-' (it names output files)");
            }
            String description = f.optional("description").map(YamlCursor::text).orElse("");
            long seed = f.optional("seed").map(c -> c.integer(Long.MIN_VALUE, Long.MAX_VALUE)).orElse(1L);
            YamlCursor durationCursor = f.required("duration");
            Duration duration = durationCursor.duration();
            if (duration.isZero()) throw durationCursor.error("the scenario must last longer than zero");

            List<Peer> peers = peers(f.required("peers"));
            MixerSpec mixers = f.optional("mixers").map(c -> mixers(c, peers)).orElse(MixerSpec.none());
            Media media = f.optional("media").map(this::media).orElse(Media.defaults());
            Set<Measure> measures = Set.of(Measure.LATENCY);
            Optional<Target.Link> markerPath = defaultMarkerPath(peers);
            Optional<YamlCursor> mc = f.optional("measure");
            if (mc.isPresent() && mc.get().isMapping()) {
                var mf = mc.get().fields(Set.of("metrics", "from", "to"));
                measures = mf.optional("metrics").map(this::measures).orElse(measures);
                if (mf.has("from") || mf.has("to")) {
                    String from = knownId(mf.required("from"));
                    String to = knownId(mf.required("to"));
                    if (from.equals(to)) throw mf.required("to").error("markers must be timed at another node");
                    markerPath = Optional.of(new Target.Link(from, to));
                }
            } else if (mc.isPresent()) {
                measures = measures(mc.get());
            }
            List<Fault> faults = new ArrayList<>();
            List<YamlCursor> faultCursors = f.optional("faults").map(YamlCursor::sequence).orElse(List.of());
            for (YamlCursor fc : faultCursors) faults.add(fault(fc, duration));
            checkReorderHasDelay(faults, faultCursors);
            return new Scenario(name, description, seed, duration, peers, mixers, media, measures, markerPath, faults);
        }

        /** Seed 004's convention: the first client's markers are timed at the second client. */
        private static Optional<Target.Link> defaultMarkerPath(List<Peer> peers) {
            List<String> clients = peers.stream().filter(p -> p.role() == Role.CLIENT).map(Peer::id).limit(2).toList();
            return clients.size() == 2 ? Optional.of(new Target.Link(clients.get(0), clients.get(1))) : Optional.empty();
        }

        private List<Peer> peers(YamlCursor c) {
            List<Peer> peers = new ArrayList<>();
            for (YamlCursor pc : c.sequence()) {
                String id;
                Role role = Role.CLIENT;
                YamlCursor idCursor;
                if (pc.isScalar()) {
                    idCursor = pc;
                } else {
                    var pf = pc.fields(Set.of("id", "role"));
                    idCursor = pf.required("id");
                    Optional<YamlCursor> rc = pf.optional("role");
                    if (rc.isPresent()) {
                        role = Role.fromYaml(rc.get().text()).filter(r -> r != Role.LEADER)
                                .orElseThrow(() -> rc.get().error("role must be client or mixer (the leader is elected)"));
                    }
                }
                id = checkNewId(idCursor);
                peers.add(new Peer(id, role));
            }
            if (peers.isEmpty()) throw c.error("a scenario needs at least one peer");
            return peers;
        }

        private String checkNewId(YamlCursor c) {
            String id = c.text();
            if (!NODE_ID.matcher(id).matches()) {
                throw c.error("node id '" + id + "' must be 1-32 lower-case letters, digits or '-' (it names containers)");
            }
            if (RESERVED_IDS.contains(id)) throw c.error("'" + id + "' is reserved for targets");
            if (!nodeIds.add(id)) throw c.error("node id '" + id + "' is declared twice");
            return id;
        }

        private MixerSpec mixers(YamlCursor c, List<Peer> peers) {
            if (c.isScalar()) {
                int n = (int) c.integer(0, 16);
                for (int i = 1; i <= n; i++) {
                    if (!nodeIds.add("mixer-" + i)) throw c.error("peer id mixer-" + i + " clashes with the added mixers");
                }
                return MixerSpec.count(n);
            }
            List<String> ids = new ArrayList<>();
            Set<String> peerIds = new HashSet<>();
            peers.forEach(p -> peerIds.add(p.id()));
            for (YamlCursor ic : c.sequence()) {
                String id = ic.text();
                if (ids.contains(id)) throw ic.error("mixer '" + id + "' is listed twice");
                if (!peerIds.contains(id)) checkNewId(ic);
                ids.add(id);
            }
            return MixerSpec.forced(ids);
        }

        private Media media(YamlCursor c) {
            var f = c.fields(Set.of("audio", "audio-bitrate", "video", "video-bitrate", "marker-interval"));
            Media d = Media.defaults();
            String audio = f.optional("audio").map(YamlCursor::text).orElse(d.audioCodec());
            if (!audio.equals("opus")) throw f.required("audio").error("only opus audio is supported");
            long audioRate = f.optional("audio-bitrate").map(YamlCursor::rate).orElse(d.audioBitsPerSecond());
            boolean video = f.optional("video").map(YamlCursor::bool).orElse(false);
            long videoRate = f.optional("video-bitrate").map(YamlCursor::rate).orElse(video ? 500_000L : 0L);
            if (!video && f.has("video-bitrate")) throw f.required("video-bitrate").error("set video: true first");
            Duration markers = f.optional("marker-interval").map(YamlCursor::duration).orElse(d.markerInterval());
            if (!markers.equals(Media.MARKER_INTERVAL)) {
                throw f.required("marker-interval").error("the node sends a marker every "
                        + Media.MARKER_INTERVAL.toMillis() + "ms; other intervals are not supported");
            }
            return new Media(audio, audioRate, video, videoRate, markers);
        }

        private Set<Measure> measures(YamlCursor c) {
            Set<Measure> out = EnumSet.noneOf(Measure.class);
            List<YamlCursor> items = c.isScalar() ? List.of(c) : c.sequence();
            for (YamlCursor mc : items) {
                String t = mc.text();
                out.add(Measure.fromYaml(t).orElseThrow(() -> mc.error("unknown measure '" + t + "'; expected one of "
                        + java.util.Arrays.stream(Measure.values()).map(Measure::yamlName).toList())));
            }
            return out;
        }

        private Fault fault(YamlCursor c, Duration scenarioDuration) {
            Set<String> allowed = new HashSet<>(ACTIONS);
            allowed.addAll(Set.of("start", "duration", "target"));
            var f = c.fields(allowed);
            List<String> given = ACTIONS.stream().filter(f::has).sorted().toList();
            if (given.size() != 1) {
                throw c.error(given.isEmpty() ? "a fault needs one action: " + ACTIONS.stream().sorted().toList()
                        : "one action per fault, got " + given);
            }
            String keyword = given.get(0);
            YamlCursor actionCursor = f.values().get(keyword);
            FaultAction action = action(keyword, actionCursor);

            Duration start = f.required("start").duration();
            Optional<YamlCursor> durationCursor = f.optional("duration");
            Duration duration = durationCursor.map(YamlCursor::duration).orElse(Duration.ZERO);
            boolean instant = (action instanceof FaultAction.Kill k && !k.restart())
                    || (action instanceof FaultAction.Stop s && !s.restart());
            if (!instant && duration.isZero()) {
                throw durationCursor.map(dc -> dc.error("must be longer than zero"))
                        .orElseGet(() -> f.required("duration").error("unreachable"));
            }
            if (instant && !duration.isZero()) {
                throw durationCursor.get().error("a " + keyword + " without restart is instantaneous; add restart: true or drop duration");
            }
            if (start.plus(duration).compareTo(scenarioDuration) > 0) {
                throw (durationCursor.isPresent() ? durationCursor.get() : f.required("start"))
                        .error("fault ends at " + Quantities.formatDuration(start.plus(duration))
                                + ", after the scenario's " + Quantities.formatDuration(scenarioDuration));
            }

            Target target;
            if (action instanceof FaultAction.Partition) {
                if (f.has("target")) throw f.required("target").error("a partition's groups are its target; remove target");
                target = new Target.All();
            } else {
                target = target(f.required("target"));
                if (action instanceof FaultAction.Process && target instanceof Target.Links) {
                    throw f.required("target").error(keyword + " acts on nodes, not links");
                }
            }
            return new Fault(start, duration, target, action, c.line());
        }

        private FaultAction action(String keyword, YamlCursor c) {
            return switch (keyword) {
                case "delay" -> delay(c);
                case "loss" -> {
                    var f = c.fields(Set.of("percent", "correlation"));
                    yield new FaultAction.Loss(f.required("percent").percent(), correlation(f));
                }
                case "loss-state" -> {
                    var f = c.fields(Set.of("p13", "p31", "p32", "p23", "p14"));
                    // Defaults are Pumba's flag defaults, so a scenario and its pumba command agree.
                    double p13 = f.required("p13").percent();
                    double p31 = f.optional("p31").map(YamlCursor::percent).orElse(100.0);
                    double p32 = f.optional("p32").map(YamlCursor::percent).orElse(0.0);
                    double p23 = f.optional("p23").map(YamlCursor::percent).orElse(100.0);
                    double p14 = f.optional("p14").map(YamlCursor::percent).orElse(0.0);
                    if (p13 + p14 > 100) throw c.error("p13 + p14 exceed 100% (both leave state 1)");
                    if (p31 + p32 > 100) throw c.error("p31 + p32 exceed 100% (both leave state 3)");
                    yield new FaultAction.LossState(p13, p31, p32, p23, p14);
                }
                case "loss-gemodel" -> {
                    var f = c.fields(Set.of("pg", "pb", "one-h", "one-k"));
                    yield new FaultAction.LossGemodel(f.required("pg").percent(),
                            f.optional("pb").map(YamlCursor::percent).orElse(100.0),
                            f.optional("one-h").map(YamlCursor::percent).orElse(100.0),
                            f.optional("one-k").map(YamlCursor::percent).orElse(0.0));
                }
                case "rate" -> {
                    var f = c.fields(Set.of("rate"));
                    yield new FaultAction.Rate(f.required("rate").rate());
                }
                case "duplicate" -> {
                    var f = c.fields(Set.of("percent", "correlation"));
                    yield new FaultAction.Duplicate(f.required("percent").percent(), correlation(f));
                }
                case "corrupt" -> {
                    var f = c.fields(Set.of("percent", "correlation"));
                    yield new FaultAction.Corrupt(f.required("percent").percent(), correlation(f));
                }
                case "reorder" -> {
                    var f = c.fields(Set.of("percent", "correlation", "gap"));
                    int gap = f.optional("gap").map(g -> (int) g.integer(1, 1_000_000)).orElse(1);
                    yield new FaultAction.Reorder(f.required("percent").percent(), correlation(f), gap);
                }
                case "pause" -> {
                    c.fields(Set.of());
                    yield new FaultAction.Pause();
                }
                case "kill" -> {
                    var f = c.fields(Set.of("signal", "restart"));
                    String signal = f.optional("signal").map(YamlCursor::text).orElse("SIGKILL");
                    if (!SIGNAL.matcher(signal).matches()) throw f.required("signal").error("expected a signal name like SIGKILL");
                    yield new FaultAction.Kill(signal, f.optional("restart").map(YamlCursor::bool).orElse(false));
                }
                case "stop" -> {
                    var f = c.fields(Set.of("grace", "restart"));
                    int grace = f.optional("grace").map(ScenarioParser.Reading::wholeSeconds).orElse(5);
                    yield new FaultAction.Stop(grace, f.optional("restart").map(YamlCursor::bool).orElse(false));
                }
                case "partition" -> partition(c);
                default -> throw c.error("unknown action " + keyword);
            };
        }

        private FaultAction.Delay delay(YamlCursor c) {
            var f = c.fields(Set.of("time", "jitter", "correlation", "distribution"));
            Duration time = wholeMillis(f.required("time"));
            Duration jitter = f.optional("jitter").map(this::wholeMillis).orElse(Duration.ZERO);
            Optional<Distribution> distribution = Optional.empty();
            Optional<YamlCursor> dc = f.optional("distribution");
            if (dc.isPresent()) {
                String t = dc.get().text();
                distribution = Optional.of(Distribution.fromNetemName(t).orElseThrow(
                        () -> dc.get().error("unknown distribution '" + t + "'; expected uniform, normal, pareto or paretonormal")));
                if (jitter.isZero()) throw dc.get().error("a distribution shapes the jitter; set jitter too");
            }
            double correlation = correlation(f);
            if (correlation > 0 && jitter.isZero()) throw f.required("correlation").error("correlation applies to jitter; set jitter too");
            return new FaultAction.Delay(time, jitter, correlation, distribution);
        }

        /** Pumba's --time/--jitter are integer milliseconds; finer values could not be replayed there. */
        private Duration wholeMillis(YamlCursor c) {
            Duration d = c.duration();
            if (d.toNanos() % 1_000_000 != 0) throw c.error("use whole milliseconds (Pumba and tc take ms)");
            return d;
        }

        /** Pumba's stop --time takes whole seconds. */
        private static int wholeSeconds(YamlCursor c) {
            Duration d = c.duration();
            if (d.toMillis() % 1000 != 0) throw c.error("use whole seconds (Pumba's stop --time takes seconds)");
            return (int) d.toSeconds();
        }

        private static double correlation(YamlCursor.Fields f) {
            return f.optional("correlation").map(YamlCursor::percent).orElse(0.0);
        }

        private FaultAction.Partition partition(YamlCursor c) {
            var f = c.fields(Set.of("groups"));
            YamlCursor gc = f.required("groups");
            List<List<String>> groups = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (YamlCursor group : gc.sequence()) {
                List<String> members = new ArrayList<>();
                for (YamlCursor mc : group.sequence()) {
                    String id = knownId(mc);
                    if (!seen.add(id)) throw mc.error("'" + id + "' is in two groups");
                    members.add(id);
                }
                if (members.isEmpty()) throw group.error("a group needs at least one node");
                groups.add(members);
            }
            if (groups.size() < 2) throw gc.error("a partition needs at least two groups");
            return new FaultAction.Partition(groups);
        }

        private Target target(YamlCursor c) {
            List<YamlCursor> items = c.isScalar() ? List.of(c) : c.sequence();
            if (items.isEmpty()) throw c.error("target list is empty");
            List<String> ids = new ArrayList<>();
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<Target.Link> links = new ArrayList<>();
            for (YamlCursor ic : items) {
                String t = ic.text().trim();
                if (t.equals("all")) {
                    if (items.size() > 1) throw ic.error("'all' cannot be combined with other targets");
                    return new Target.All();
                }
                if (t.contains("->")) {
                    String[] ends = t.split("->", -1);
                    if (ends.length != 2) throw ic.error("a link is written from->to");
                    String from = knownId(ic, ends[0].trim());
                    String to = knownId(ic, ends[1].trim());
                    if (from.equals(to)) throw ic.error("a link needs two different nodes");
                    links.add(new Target.Link(from, to));
                } else {
                    Optional<Role> role = Role.fromYaml(t);
                    if (role.isPresent()) roles.add(role.get());
                    else ids.add(knownId(ic, t));
                }
            }
            if (!links.isEmpty() && (!ids.isEmpty() || !roles.isEmpty())) {
                throw c.error("links and nodes cannot be mixed in one target; use two faults");
            }
            return links.isEmpty() ? new Target.Nodes(ids, roles) : new Target.Links(links);
        }

        private String knownId(YamlCursor c) { return knownId(c, c.text()); }

        private String knownId(YamlCursor c, String id) {
            if (!nodeIds.contains(id)) throw c.error("unknown node '" + id + "'; nodes are " + nodeIds);
            return id;
        }

        /** netem only reorders by letting some packets skip a delay, so a delay must be running. */
        private void checkReorderHasDelay(List<Fault> faults, List<YamlCursor> cursors) {
            for (int i = 0; i < faults.size(); i++) {
                Fault r = faults.get(i);
                if (!(r.action() instanceof FaultAction.Reorder)) continue;
                boolean covered = faults.stream().anyMatch(d -> d.action() instanceof FaultAction.Delay
                        && d.target().equals(r.target()) && d.start().compareTo(r.start()) <= 0
                        && d.end().compareTo(r.end()) >= 0);
                if (!covered) {
                    throw cursors.get(i).error("reorder needs a delay fault on the same target covering its whole time");
                }
            }
        }
    }
}
