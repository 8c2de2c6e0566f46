package dev.starling.node.cli;

import dev.starling.node.room.HostPort;
import picocli.CommandLine;

/** Lets picocli parse host:port options with a clear message on bad input. */
final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
