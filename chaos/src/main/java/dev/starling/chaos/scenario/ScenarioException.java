package dev.starling.chaos.scenario;

/**
 * A scenario file that cannot be used. The message always carries file, line, column and the
 * dotted field path, because a user fixing a 200-line timeline needs to jump straight there.
 */
public final class ScenarioException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    public ScenarioException(String file, int line, int column, String field, String problem) {
        super(file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** 1-based, as editors count. */
    public int line() {
        return line;
    }

    /** 1-based. */
    public int column() {
        return column;
    }

    /** Dotted path such as {@code faults[2].delay.jitter}; empty for the document itself. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
