package dev.starling.chaos.study;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a study's runs: every repeat runs every arm once, and each repeat starts one arm
 * further along, so every arm takes every position in turn. Machine noise that drifts (a warming
 * CPU, a background job) then falls on all arms alike instead of on whichever runs last.
 */
public final class StudySchedule {

    /** One lab run: which repeat (1-based) and which arm. */
    public record Slot(int repeat, StudyArm arm) {}

    private StudySchedule() {}

    public static List<Slot> interleaved(List<StudyArm> arms, int repeats) {
        if (arms.isEmpty() || repeats < 1) {
            throw new IllegalArgumentException("a study needs at least one arm and one repeat");
        }
        List<Slot> slots = new ArrayList<>(arms.size() * repeats);
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < arms.size(); k++) {
                slots.add(new Slot(r + 1, arms.get((r + k) % arms.size())));
            }
        }
        return List.copyOf(slots);
    }
}
