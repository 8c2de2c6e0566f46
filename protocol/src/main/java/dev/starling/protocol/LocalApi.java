package dev.starling.protocol;

/**
 * How a local client proves to a node's HTTP API that it acts for the node's user: it sends the
 * token the node wrote to {@link #TOKEN_FILE} in its data directory, in the {@link #TOKEN_HEADER}
 * header. Shared by the node, which checks it, and the lab, which drives nodes over HTTP.
 */
public final class LocalApi {
    public static final String TOKEN_FILE = "api-token";
    public static final String TOKEN_HEADER = "X-Starling-Token";

    private LocalApi() {}
}
