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
 * The faults, which carry most of those checks, are read by {@link FaultParser}.
 */
public final class ScenarioParser {
    private static final Pattern SCENARIO_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
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
        return new Reading().scenario(new YamlCursor(fileName, "", root));
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
        private final NodeIds nodeIds = new NodeIds();

        Scenario scenario(YamlCursor root) {
            var f = root.fields(
                    Set.of("name", "description", "seed", "duration", "peers", "mixers", "media", "measure", "faults"));
            String name = f.required("name").text();
            if (!SCENARIO_NAME.matcher(name).matches()) {
                throw f.required("name").error("use lower-case letters, digits and '-' (it names output files)");
            }
            String description = f.optional("description").map(YamlCursor::text).orElse("");
            long seed = f.optional("seed")
                    .map(c -> c.integer(Long.MIN_VALUE, Long.MAX_VALUE))
                    .orElse(1L);
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
                    String from = nodeIds.known(mf.required("from"));
                    String to = nodeIds.known(mf.required("to"));
                    if (from.equals(to)) throw mf.required("to").error("markers must be timed at another node");
                    markerPath = Optional.of(new Target.Link(from, to));
                }
            } else if (mc.isPresent()) {
                measures = measures(mc.get());
            }
            List<Fault> faults = new FaultParser(nodeIds)
                    .faults(f.optional("faults").map(YamlCursor::sequence).orElse(List.of()), duration);
            return new Scenario(name, description, seed, duration, peers, mixers, media, measures, markerPath, faults);
        }

        /** Seed 004's convention: the first client's markers are timed at the second client. */
        private static Optional<Target.Link> defaultMarkerPath(List<Peer> peers) {
            List<String> clients = peers.stream()
                    .filter(p -> p.role() == Role.CLIENT)
                    .map(Peer::id)
                    .limit(2)
                    .toList();
            return clients.size() == 2
                    ? Optional.of(new Target.Link(clients.get(0), clients.get(1)))
                    : Optional.empty();
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
                        role = Role.fromYaml(rc.get().text())
                                .filter(r -> r != Role.LEADER)
                                .orElseThrow(
                                        () -> rc.get().error("role must be client or mixer (the leader is elected)"));
                    }
                }
                id = nodeIds.declare(idCursor);
                peers.add(new Peer(id, role));
            }
            if (peers.isEmpty()) throw c.error("a scenario needs at least one peer");
            return peers;
        }

        private MixerSpec mixers(YamlCursor c, List<Peer> peers) {
            if (c.isScalar()) {
                int n = (int) c.integer(0, 16);
                for (int i = 1; i <= n; i++) {
                    if (!nodeIds.add("mixer-" + i))
                        throw c.error("peer id mixer-" + i + " clashes with the added mixers");
                }
                return MixerSpec.count(n);
            }
            List<String> ids = new ArrayList<>();
            Set<String> peerIds = new HashSet<>();
            peers.forEach(p -> peerIds.add(p.id()));
            for (YamlCursor ic : c.sequence()) {
                String id = ic.text();
                if (ids.contains(id)) throw ic.error("mixer '" + id + "' is listed twice");
                if (!peerIds.contains(id)) nodeIds.declare(ic);
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
            if (!video && f.has("video-bitrate"))
                throw f.required("video-bitrate").error("set video: true first");
            Duration markers =
                    f.optional("marker-interval").map(YamlCursor::duration).orElse(d.markerInterval());
            if (!markers.equals(Media.MARKER_INTERVAL)) {
                throw f.required("marker-interval")
                        .error("the node sends a marker every " + Media.MARKER_INTERVAL.toMillis()
                                + "ms; other intervals are not supported");
            }
            return new Media(audio, audioRate, video, videoRate, markers);
        }

        private Set<Measure> measures(YamlCursor c) {
            Set<Measure> out = EnumSet.noneOf(Measure.class);
            List<YamlCursor> items = c.isScalar() ? List.of(c) : c.sequence();
            for (YamlCursor mc : items) {
                String t = mc.text();
                out.add(Measure.fromYaml(t)
                        .orElseThrow(() -> mc.error("unknown measure '" + t + "'; expected one of "
                                + java.util.Arrays.stream(Measure.values())
                                        .map(Measure::yamlName)
                                        .toList())));
            }
            return out;
        }
    }
}
