package dev.starling.chaos.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which nodes stand as mixers in each arm. The elected arms let every node stand; the random arm
 * draws the mixers; the worst arm takes the room's weakest peers by profile. (It first took the
 * bottom of the study's latest election ranking, but a ranking made just after the room merged
 * had put a desktop last, and the "worst" arm then mixed on it.)
 */
public final class MixerChoice {
    private final PeerClasses room;
    private final int mixers;
    private final Random random;

    public MixerChoice(PeerClasses room, int mixers, Random random) {
        if (mixers < 1 || mixers >= room.size()) {
            throw new IllegalArgumentException("mixers must be 1 to peers-1, not " + mixers);
        }
        this.room = room;
        this.mixers = mixers;
        this.random = random;
    }

    public int mixers() {
        return mixers;
    }

    /**
     * @return node numbers that stand as mixers, ascending; empty when every node stands (elected
     *     arms) or none mixes (mesh)
     */
    public List<Integer> candidates(StudyArm arm) {
        List<Integer> chosen = new ArrayList<>();
        switch (arm) {
            case MESH, SEED, BALANCED -> {
                return List.of();
            }
            case RANDOM -> {
                List<Integer> all = new ArrayList<>();
                for (int k = 1; k <= room.size(); k++) {
                    all.add(k);
                }
                Collections.shuffle(all, random);
                chosen.addAll(all.subList(0, mixers));
            }
            case WORST -> chosen.addAll(room.weakestFirst().subList(0, mixers));
        }
        Collections.sort(chosen);
        return List.copyOf(chosen);
    }
}
