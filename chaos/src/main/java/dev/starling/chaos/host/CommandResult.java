package dev.starling.chaos.host;

/** Exit code and combined output of a finished command; exit 127 also stands for "not found". */
public record CommandResult(int exitCode, String output) {
    public static final int NOT_FOUND = 127;
    public static final int TIMED_OUT = 124;

    public boolean ok() {
        return exitCode == 0;
    }

    /** First non-blank output line, for reason strings. */
    public String firstLine() {
        return output.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("(no output)");
    }
}
