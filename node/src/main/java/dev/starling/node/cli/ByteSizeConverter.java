package dev.starling.node.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Sizes like {@code 512K}, {@code 100M}, {@code 2G} or plain bytes (binary units). */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("K") || v.endsWith("M") || v.endsWith("G") || v.endsWith("T")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1L << 40;
            };
            v = v.substring(0, v.length() - 1);
        }
        long number;
        try {
            number = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "not a size: '" + value + "' (examples: 1048576, 512K, 100M, 2G)");
        }
        if (number <= 0 || number > Long.MAX_VALUE / unit) {
            throw new CommandLine.TypeConversionException("size out of range: '" + value + "'");
        }
        return number * unit;
    }
}
