package dev.starling.chaos.pumba;

import java.util.List;

/**
 * Everything Pumba can do for a scenario, in start order, plus the faults it cannot express
 * (each with the reason) and conflicts it would hit at run time.
 */
public record PumbaPlan(
        List<TimedCommand> commands, List<String> unsupported, List<String> warnings, boolean needsLeader) {
    public PumbaPlan {
        commands = List.copyOf(commands);
        unsupported = List.copyOf(unsupported);
        warnings = List.copyOf(warnings);
    }
}
