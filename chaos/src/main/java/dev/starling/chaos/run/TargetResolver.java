package dev.starling.chaos.run;

import dev.starling.chaos.scenario.Role;
import dev.starling.chaos.scenario.Target;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which nodes a process fault hits, given the room's roles at the moment it fires. Pure. */
public final class TargetResolver {
    private TargetResolver() {}

    /** Node names in scenario order; a link target names no process and resolves to nothing. */
    public static List<String> nodes(Target target, RoomRoles roles) {
        if (target instanceof Target.All) return roles.nodes();
        if (target instanceof Target.Links) return List.of();
        Target.Nodes t = (Target.Nodes) target;
        Set<String> hit = new LinkedHashSet<>();
        for (String n : roles.nodes()) {
            boolean byRole = (t.roles().contains(Role.MIXER) && roles.mixers().contains(n))
                    || (t.roles().contains(Role.CLIENT) && !roles.mixers().contains(n))
                    || (t.roles().contains(Role.LEADER) && roles.leaders().contains(n));
            if (t.peerIds().contains(n) || byRole) hit.add(n);
        }
        return List.copyOf(hit);
    }

    public static String describe(Target target) {
        if (target instanceof Target.All) return "all";
        if (target instanceof Target.Links l)
            return l.links().stream().map(Target.Link::toString).collect(Collectors.joining(","));
        Target.Nodes t = (Target.Nodes) target;
        List<String> parts = new java.util.ArrayList<>(t.peerIds());
        t.roles().stream().map(Role::yamlName).sorted().forEach(parts::add);
        return String.join(",", parts);
    }
}
