package dev.starling.chaos.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of the quantities scenarios use. Units follow Pumba/Go durations ({@code 1m30s},
 * {@code 250ms}) and tc rates ({@code 1mbit} = 10^6 bit/s, {@code kbps} = kilobytes/s).
 */
public final class Quantities {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|s|m|h)");
    private static final Pattern RATE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)");

    private Quantities() {}

    /** Empty when the text is not a duration; "0" alone is allowed because it is unambiguous. */
    public static java.util.Optional<Duration> parseDuration(String text) {
        String t = text.trim();
        if (t.equals("0")) return java.util.Optional.of(Duration.ZERO);
        if (t.isEmpty()) return java.util.Optional.empty();
        Matcher m = DURATION_PART.matcher(t);
        long nanos = 0;
        int pos = 0;
        while (pos < t.length()) {
            if (!m.find(pos) || m.start() != pos) return java.util.Optional.empty();
            BigDecimal value = new BigDecimal(m.group(1));
            if (value.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) return java.util.Optional.empty();
            long unitNanos = switch (m.group(2)) {
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += value.multiply(BigDecimal.valueOf(unitNanos)).longValue();
            pos = m.end();
        }
        return java.util.Optional.of(Duration.ofNanos(nanos));
    }

    /** Bits per second, or empty. */
    public static OptionalLong parseRate(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return OptionalLong.empty();
        BigDecimal value = new BigDecimal(m.group(1));
        String unit = m.group(2);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1_000L;
            case 'm' -> 1_000_000L;
            case 'g' -> 1_000_000_000L;
            case 't' -> 1_000_000_000_000L;
            default -> 1L;
        };
        if (unit.endsWith("bps")) factor *= 8; // tc: "bps" means bytes per second
        BigDecimal bits = value.multiply(BigDecimal.valueOf(factor));
        // longValue() would wrap silently, turning an absurd rate into an arbitrary one
        if (bits.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return OptionalLong.empty();
        return OptionalLong.of(bits.longValue());
    }

    /** tc/Pumba spelling of a rate, choosing the largest unit that keeps it an integer. */
    public static String formatRate(long bitsPerSecond) {
        String[] units = {"tbit", "gbit", "mbit", "kbit"};
        long[] factors = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (bitsPerSecond % factors[i] == 0) return bitsPerSecond / factors[i] + units[i];
        }
        return bitsPerSecond + "bit";
    }

    /** Go/Pumba duration spelling: the largest unit that keeps it an integer ({@code 90s}, {@code 2m}). */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
