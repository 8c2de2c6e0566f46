package dev.starling.chaos.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The named peer profiles: the built-in ones ({@code profiles.yaml} next to this class) and any
 * a user adds from a file of the same format. {@link #nodes} reads the lab's compact form,
 * {@code desktop-fibre:2,phone-3g:4}: that many nodes of each, in that order.
 */
public final class PeerProfiles {
    private static final Set<String> FIELDS =
            Set.of("cpu", "uplink_kbps", "downlink_kbps", "delay_ms", "jitter_ms", "loss_percent");
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final int MAX_NODES = 16;

    private final Map<String, PeerProfile> byName;

    private PeerProfiles(Map<String, PeerProfile> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The built-in profiles. */
    public static PeerProfiles builtIn() {
        try (InputStream in = PeerProfiles.class.getResourceAsStream("profiles.yaml")) {
            if (in == null) {
                throw new IllegalStateException("profiles.yaml missing from the classpath");
            }
            return new PeerProfiles(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in profiles", e);
        }
    }

    /** The built-in profiles, with those in {@code file} added when it is not null (`--profiles FILE`). */
    public static PeerProfiles builtInWith(Path file) throws IOException {
        return file == null ? builtIn() : builtIn().with(file);
    }

    /** These profiles, with those in {@code file} added (a name already here is replaced). */
    public PeerProfiles with(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        Map<String, PeerProfile> merged = new LinkedHashMap<>(byName);
        merged.putAll(parse(Files.readString(file, StandardCharsets.UTF_8)));
        return new PeerProfiles(merged);
    }

    public java.util.Optional<PeerProfile> get(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(byName.keySet());
    }

    /** {@code NAME:COUNT[,NAME:COUNT...]} (a missing count is 1) as one profile per node, in order. */
    public List<PeerProfile> nodes(String spec) {
        List<PeerProfile> nodes = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String[] nameCount = part.strip().split(":", -1);
            if (nameCount.length > 2 || nameCount[0].isEmpty()) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not NAME or NAME:COUNT");
            }
            PeerProfile profile = get(nameCount[0])
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown profile '" + nameCount[0] + "': known are " + names()));
            int count;
            try {
                count = nameCount.length == 2 ? Integer.parseInt(nameCount[1]) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + nameCount[1] + "' is not a count");
            }
            if (count < 1 || nodes.size() + count > MAX_NODES) {
                throw new IllegalArgumentException("a lab holds 1-" + MAX_NODES + " nodes");
            }
            for (int i = 0; i < count; i++) {
                nodes.add(profile);
            }
        }
        return nodes;
    }

    static Map<String, PeerProfile> parse(String yamlText) {
        Object root;
        try (Reader reader = new java.io.StringReader(yamlText)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(0);
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a profiles file: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> entries)) {
            throw new IllegalArgumentException("a profiles file maps profile names to their fields");
        }
        Map<String, PeerProfile> profiles = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Map<?, ?> fields = entry.getValue() == null ? Map.of() : asMap(name, entry.getValue());
            for (Object field : fields.keySet()) {
                if (!FIELDS.contains(String.valueOf(field))) {
                    throw new IllegalArgumentException(
                            name + ": unknown field '" + field + "'; known are " + new java.util.TreeSet<>(FIELDS));
                }
            }
            profiles.put(
                    name,
                    new PeerProfile(
                            name,
                            number(name, fields, "cpu"),
                            (int) number(name, fields, "uplink_kbps"),
                            (int) number(name, fields, "downlink_kbps"),
                            number(name, fields, "delay_ms"),
                            number(name, fields, "jitter_ms"),
                            number(name, fields, "loss_percent")));
        }
        return profiles;
    }

    private static Map<?, ?> asMap(String name, Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(name + ": a profile is a map of fields");
    }

    private static double number(String name, Map<?, ?> fields, String field) {
        Object value = fields.get(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(name + ": " + field + " must be a number");
        }
        return n.doubleValue();
    }
}
