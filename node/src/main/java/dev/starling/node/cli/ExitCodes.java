package dev.starling.node.cli;

/** Process exit codes, documented in the README. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int WRONG_PASSWORD = 3;

    private ExitCodes() {}
}
