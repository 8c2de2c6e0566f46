package dev.starling.node.media.playout;

/**
 * One link's packet audio as the API reports it: the spread the jitter buffer allows for now,
 * and what it did with the packets (see {@link JitterStats}).
 *
 * @param targetMillis delay above the path's base transit that the buffer holds frames for
 * @param meanWaitMillis mean time a played packet waited, arrival to turn, since the start
 * @param malformed messages on the audio channel that were not audio packets
 */
public record PlayoutSummary(
        double targetMillis,
        double meanWaitMillis,
        long received,
        long played,
        long late,
        long concealed,
        long dropped,
        long inserted,
        long jumps,
        long malformed) {}
