package dev.starling.chaos.scenario;

import java.util.List;

/**
 * How many mixers the room gets. A count adds nodes {@code mixer-1..N}; forced ids either promote
 * declared peers or add nodes with those ids, so a scenario can pin which node mixes.
 */
public record MixerSpec(int count, List<String> forcedIds) {
    public MixerSpec {
        forcedIds = List.copyOf(forcedIds);
        if (count < 0) throw new IllegalArgumentException("negative mixer count");
    }

    public static MixerSpec none() {
        return new MixerSpec(0, List.of());
    }

    public static MixerSpec count(int n) {
        return new MixerSpec(n, List.of());
    }

    public static MixerSpec forced(List<String> ids) {
        return new MixerSpec(ids.size(), ids);
    }

    public boolean isForced() {
        return !forcedIds.isEmpty();
    }
}
