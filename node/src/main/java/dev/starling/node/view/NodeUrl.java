package dev.starling.node.view;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The HTTP address of a node whose view we show, as typed after {@code --node}: only
 * {@code http[s]://host:port[/]}, so every API path can be appended without surprises.
 */
public record NodeUrl(URI base) {

    public static NodeUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected http://host:port, got an empty value");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected http://host:port, got '" + text + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected http://host:port, got '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("no host in '" + text + "' (expected http://host:port)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "expected http://host:port without user, query or fragment, got '" + text + "'");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("expected http://host:port without a path, got '" + text + "'");
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        return new NodeUrl(URI.create(scheme + "://" + host + ":" + port));
    }

    /** {@code pathAndQuery} must start with "/", e.g. "/api/topology?format=svg". */
    public URI resolve(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + pathAndQuery);
        }
        return URI.create(base + pathAndQuery);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
