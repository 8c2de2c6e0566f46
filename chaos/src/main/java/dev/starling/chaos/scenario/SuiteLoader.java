package dev.starling.chaos.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Expands a suite file (shared base fields x mixer counts x network profiles, plus whole scenario
 * files) into scenarios. The expansion splices node trees rather than text, so a mistake in the
 * suite file is still reported at its own line.
 */
public final class SuiteLoader {
    private static final String RESOURCE_DIR = "dev/starling/chaos/suite/";
    private final ScenarioParser parser;

    public SuiteLoader(ScenarioParser parser) {
        this.parser = parser;
    }

    /** The built-in latency suite of issue 7 (seed 004). */
    public Suite latency() {
        return loadResource("latency.yaml");
    }

    public Suite loadResource(String name) {
        String file = "classpath:" + RESOURCE_DIR + name;
        return load(file, readResource(name));
    }

    Suite load(String file, String text) {
        Node root = ScenarioParser.compose(file, new java.io.StringReader(text));
        if (root == null) throw new ScenarioException(file, 1, 1, "", "the file is empty");
        var f = new YamlCursor(file, "", root).fields(Set.of("suite", "description", "base", "matrix", "scenarios"));
        String suiteName = f.required("suite").text();
        String description = f.optional("description").map(YamlCursor::text).orElse("");
        YamlCursor base = f.required("base");
        base.fields(Set.of("seed", "duration", "peers", "media", "measure"));

        List<Scenario> scenarios = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        if (f.optional("matrix").isPresent()) {
            var m = f.required("matrix").fields(Set.of("mixers", "profiles"));
            List<YamlCursor> counts = m.required("mixers").sequence();
            for (YamlCursor profile : m.required("profiles").sequence()) {
                var pf = profile.fields(Set.of("id", "label", "faults"));
                String id = pf.required("id").text();
                String label = pf.optional("label").map(YamlCursor::text).orElse(id);
                for (YamlCursor count : counts) {
                    long n = count.integer(0, 16);
                    String name = id + "-" + n + "-mixers";
                    Node tree = scenarioTree(
                            (MappingNode) base.node(),
                            name,
                            label,
                            count.node(),
                            pf.values().get("faults"),
                            profile.node().getStartMark());
                    scenarios.add(parser.parse(file, tree));
                    labels.put(name, label + ", " + n + (n == 1 ? " mixer" : " mixers"));
                }
            }
        }
        for (YamlCursor extra :
                f.optional("scenarios").map(YamlCursor::sequence).orElse(List.of())) {
            String resource = extra.text();
            Scenario s = parser.parse("classpath:" + RESOURCE_DIR + resource, readResource(resource));
            scenarios.add(s);
            labels.put(s.name(), s.description().isEmpty() ? s.name() : s.description());
        }
        return new Suite(suiteName, description, scenarios, labels);
    }

    private static Node scenarioTree(
            MappingNode base, String name, String label, Node mixers, YamlCursor faults, Mark at) {
        List<NodeTuple> tuples = new ArrayList<>(base.getValue());
        tuples.add(new NodeTuple(scalar("name", at), scalar(name, at)));
        tuples.add(new NodeTuple(scalar("description", at), scalar(label, at)));
        tuples.add(new NodeTuple(scalar("mixers", at), mixers));
        Node faultNode = faults == null
                ? new SequenceNode(Tag.SEQ, true, List.of(), at, at, DumperOptions.FlowStyle.FLOW)
                : faults.node();
        tuples.add(new NodeTuple(scalar("faults", at), faultNode));
        return new MappingNode(
                Tag.MAP, true, tuples, base.getStartMark(), base.getEndMark(), DumperOptions.FlowStyle.BLOCK);
    }

    private static ScalarNode scalar(String value, Mark at) {
        return new ScalarNode(Tag.STR, value, at, at, DumperOptions.ScalarStyle.PLAIN);
    }

    private static String readResource(String name) {
        try (InputStream in = SuiteLoader.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) throw new IllegalStateException("missing suite resource " + RESOURCE_DIR + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
