package dev.starling.node.media.synthetic;

/**
 * One detected marker.
 *
 * @param slot         the sender's slot (which identity tone)
 * @param symbol       seq mod 4, resolved to a full seq with the sender's {@link MarkerSchedule}
 * @param onsetSample  estimated first sample of the marker in the analysed stream (fractional)
 */
public record MarkerDetection(int slot, int symbol, double onsetSample) {}
