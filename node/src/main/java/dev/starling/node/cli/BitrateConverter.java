package dev.starling.node.cli;

import dev.starling.chaos.scenario.Quantities;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Bitrates like {@code 32kbit}, {@code 500kbit}, {@code 1mbit} or plain bits per second. The units
 * are the scenario files' (tc's), so a scenario's {@code audio-bitrate} means the same here.
 */
final class BitrateConverter implements CommandLine.ITypeConverter<Integer> {
    /** Up to 18 digits always fits a long, so parsing cannot overflow before the range check. */
    private static final Pattern BITS_PER_SECOND = Pattern.compile("\\d{1,18}");

    @Override
    public Integer convert(String value) {
        String text = value.strip();
        OptionalLong bps = BITS_PER_SECOND.matcher(text).matches()
                ? OptionalLong.of(Long.parseLong(text))
                : Quantities.parseRate(text);
        if (bps.isEmpty()) {
            throw new CommandLine.TypeConversionException(
                    "not a bitrate: '" + value + "' (examples: 32kbit, 500kbit, 1mbit, 64000)");
        }
        // libwebrtc takes maxBitrate as a 32-bit int.
        if (bps.getAsLong() <= 0 || bps.getAsLong() > Integer.MAX_VALUE) {
            throw new CommandLine.TypeConversionException(
                    "bitrate out of range: '" + value + "' (1 bit/s to " + Integer.MAX_VALUE + " bit/s)");
        }
        return (int) bps.getAsLong();
    }
}
