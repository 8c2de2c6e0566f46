package dev.starling.chaos.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A position in the composed YAML tree: the node, the field path that leads to it and the file.
 * Every typed read goes through here so every error can name file, line and field.
 */
final class YamlCursor {
    private final String file;
    private final String path;
    private final Node node;

    YamlCursor(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    ScenarioException error(String problem) {
        return new ScenarioException(file, line(), node.getStartMark().getColumn() + 1, path, problem);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** Mapping fields in document order; unknown or repeated keys are errors at the key itself. */
    Fields fields(Set<String> allowed) {
        if (isNull()) return new Fields(this, Map.of());
        if (!(node instanceof MappingNode m)) throw error("expected a mapping of " + sorted(allowed));
        Map<String, YamlCursor> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlCursor(file, path, t.getKeyNode()).error("keys must be plain names");
            }
            String name = k.getValue();
            YamlCursor keyCursor = new YamlCursor(file, child(name), k);
            if (!allowed.contains(name)) {
                throw keyCursor.error("unknown field '" + name + "'; expected one of " + sorted(allowed));
            }
            if (out.containsKey(name)) throw keyCursor.error("field given twice");
            out.put(name, new YamlCursor(file, child(name), t.getValueNode()));
        }
        return new Fields(this, out);
    }

    List<YamlCursor> sequence() {
        if (!(node instanceof SequenceNode s)) throw error("expected a list");
        List<YamlCursor> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new YamlCursor(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    String text() {
        if (!isScalar()) throw error("expected a single value");
        return ((ScalarNode) node).getValue();
    }

    long integer(long min, long max) {
        if (!isScalar() || !((ScalarNode) node).getTag().equals(Tag.INT)) throw error("expected a whole number");
        long v;
        try {
            v = Long.decode(text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got '" + text() + "'");
        }
        if (v < min || v > max) throw error(v + " is outside " + min + ".." + max);
        return v;
    }

    boolean bool() {
        if (!isScalar() || !((ScalarNode) node).getTag().equals(Tag.BOOL)) throw error("expected true or false");
        return Boolean.parseBoolean(text().toLowerCase(java.util.Locale.ROOT));
    }

    /** Percent in 0..100, written {@code 2}, {@code 2.5} or {@code 2%} (Pumba takes the bare number). */
    double percent() {
        String t = text().trim();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("expected a percentage like 2 or 2.5%, got '" + text() + "'");
        }
        if (!(v >= 0 && v <= 100)) throw error("percentage " + text() + " is outside 0..100");
        return v;
    }

    /** Capped at a day: longer runs are surely typos, and the cap keeps arithmetic far from overflow. */
    Duration duration() {
        String t = text();
        Duration d = Quantities.parseDuration(t)
                .orElseThrow(() -> error("expected a duration with a unit like 250ms, 30s or 1m30s, got '" + t + "'"));
        if (d.compareTo(Duration.ofDays(1)) > 0) throw error(t + " is longer than a day");
        return d;
    }

    long rate() {
        String t = text();
        long bits = Quantities.parseRate(t)
                .orElseThrow(() -> error("expected a rate like 1mbit, 100kbit or 64kbps, got '" + t + "'"));
        if (bits <= 0) throw error("rate must be above zero");
        return bits;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().toList().toString();
    }

    /** The fields of one mapping, with required/optional access that reports against the mapping. */
    record Fields(YamlCursor owner, Map<String, YamlCursor> values) {
        YamlCursor required(String name) {
            YamlCursor c = values.get(name);
            if (c == null || c.isNull()) {
                throw new ScenarioException(
                        owner.file,
                        owner.line(),
                        owner.node.getStartMark().getColumn() + 1,
                        owner.child(name),
                        "required field is missing");
            }
            return c;
        }

        Optional<YamlCursor> optional(String name) {
            YamlCursor c = values.get(name);
            return c == null || c.isNull() ? Optional.empty() : Optional.of(c);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }
    }
}
