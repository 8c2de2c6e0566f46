package dev.starling.chaos.scenario;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node ids a scenario declares so far, in order. Ids name containers and output, and every
 * target, partition group and marker path must name a declared node, so declaring and referring
 * are checked in one place, each error at the cursor that caused it.
 */
final class NodeIds {
    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Set<String> RESERVED_IDS = Set.of("all", "client", "mixer", "leader");

    private final Set<String> ids = new LinkedHashSet<>();

    /** Declares the id at the cursor; it must be well-formed, not a target keyword and new. */
    String declare(YamlCursor c) {
        String id = c.text();
        if (!NODE_ID.matcher(id).matches()) {
            throw c.error("node id '" + id + "' must be 1-32 lower-case letters, digits or '-' (it names containers)");
        }
        if (RESERVED_IDS.contains(id)) throw c.error("'" + id + "' is reserved for targets");
        if (!ids.add(id)) throw c.error("node id '" + id + "' is declared twice");
        return id;
    }

    /** Declares an id the parser made up (added mixers); false if it was declared already. */
    boolean add(String id) {
        return ids.add(id);
    }

    /** The id at the cursor, which must be declared. */
    String known(YamlCursor c) {
        return known(c, c.text());
    }

    /** {@code id}, read at the cursor, which must be declared. */
    String known(YamlCursor c, String id) {
        if (!ids.contains(id)) throw c.error("unknown node '" + id + "'; nodes are " + ids);
        return id;
    }
}
