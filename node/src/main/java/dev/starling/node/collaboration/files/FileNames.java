package dev.starling.node.collaboration.files;

import java.nio.charset.StandardCharsets;

/**
 * Display names of shared files. Files are stored under their hash, never their name, but names
 * travel to other nodes and end up in download headers and in someone's downloads folder, so a
 * name must be a plain file name: no directories, no control characters, nothing that walks up.
 */
public final class FileNames {
    public static final int MAX_NAME_BYTES = 255;

    private FileNames() {}

    /** Returns the name unchanged if it is acceptable, or throws saying why not. */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("bad file name: " + problem);
        }
        return name;
    }

    /** Why a name is refused, or null if it is fine. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "longer than " + MAX_NAME_BYTES + " bytes";
        }
        if (name.codePoints()
                .anyMatch(c -> Character.isISOControl(c) || c == 0x7f || Character.getType(c) == Character.FORMAT)) {
            return "contains control or format characters";
        }
        if (name.contains("/") || name.contains("\\")) {
            return "contains a path separator";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is a directory reference";
        }
        if (!name.strip().equals(name)) {
            return "starts or ends with whitespace";
        }
        return null;
    }

    /** The last path segment of a local path the user gave, e.g. for {@code starling share ./dir/x.bin}. */
    public static String baseName(String path) {
        String s = path.replace('\\', '/');
        int slash = s.lastIndexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }
}
