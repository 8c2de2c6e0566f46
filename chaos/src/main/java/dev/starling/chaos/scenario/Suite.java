package dev.starling.chaos.scenario;

import java.util.List;
import java.util.Map;

/** A named, ordered set of scenarios; {@code labels} maps scenario name to its display label. */
public record Suite(String name, String description, List<Scenario> scenarios, Map<String, String> labels) {
    public Suite {
        scenarios = List.copyOf(scenarios);
        labels = Map.copyOf(labels);
    }
}
