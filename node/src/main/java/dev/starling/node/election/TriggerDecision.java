package dev.starling.node.election;

/**
 * The leader should act: elect {@code mixers} mixers, or return to mesh when {@code mixers} is 0.
 *
 * @param detail human-readable reason for the election history
 */
public record TriggerDecision(Reason reason, int mixers, String detail) {

    public enum Reason {
        OPERATOR,
        MIXER_LEFT,
        ROOM_SIZE,
        BACK_TO_MESH,
        QUALITY,
        PERIODIC;

        /** The value carried in {@code ElectionStart.trigger}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public boolean backToMesh() {
        return mixers == 0;
    }
}
