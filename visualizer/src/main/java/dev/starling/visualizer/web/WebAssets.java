package dev.starling.visualizer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the live view's files live on the classpath, so the node's HTTP server (Javalin) can
 * serve them without this module depending on any web framework.
 *
 * <p>URL paths are a fixed whitelist (resolved relative to wherever the view is mounted): a request
 * can only ever reach these few resources, so there is no path-traversal surface. The page uses
 * relative URLs ({@code api/topology}, {@code webjars/cytoscape/cytoscape.min.js}), so the server
 * may mount it at "/" or under a prefix.
 *
 * <p>Javalin wiring, for reference: one route per entry of {@link #all()} (plus "/index.html"),
 * each answering {@code ctx.contentType(a.contentType()).header("Content-Security-Policy",
 * CONTENT_SECURITY_POLICY).result(assets.open(a))}. Javalin's own {@code enableWebjars()} would
 * serve the versioned path instead, which the page does not use, so the explicit routes are simpler.
 */
public final class WebAssets {

    public static final String WEB_ROOT = "dev/starling/visualizer/web";
    public static final String CYTOSCAPE_URL_PATH = "/webjars/cytoscape/cytoscape.min.js";

    /**
     * Suggested header for every view response. Scripts only from our origin (no inline script,
     * so an injected name could not run even if some future code mis-escaped it). Cytoscape sets
     * element styles from script, hence 'unsafe-inline' for styles only.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final String CYTOSCAPE_POM = "META-INF/maven/org.webjars.npm/cytoscape/pom.properties";

    /** A servable file: the URL path (relative to the view's mount point), classpath resource and type. */
    public record Asset(String urlPath, String resource, String contentType) {}

    private final ClassLoader loader;
    private final String cytoscapeVersion;
    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    public WebAssets(ClassLoader loader) {
        this.loader = loader;
        this.cytoscapeVersion = readCytoscapeVersion(loader);
        Asset index = new Asset("/", WEB_ROOT + "/index.html", "text/html; charset=utf-8");
        byPath.put("/", index);
        byPath.put("/index.html", index);
        byPath.put("/app.js", new Asset("/app.js", WEB_ROOT + "/app.js", "text/javascript; charset=utf-8"));
        byPath.put("/style.css", new Asset("/style.css", WEB_ROOT + "/style.css", "text/css; charset=utf-8"));
        byPath.put(
                CYTOSCAPE_URL_PATH,
                new Asset(CYTOSCAPE_URL_PATH, cytoscapeResource(), "text/javascript; charset=utf-8"));
    }

    public WebAssets() {
        this(WebAssets.class.getClassLoader());
    }

    public String indexResource() {
        return WEB_ROOT + "/index.html";
    }

    public String cytoscapeVersion() {
        return cytoscapeVersion;
    }

    /** Classpath location of the minified Cytoscape.js inside the WebJar. */
    public String cytoscapeResource() {
        return "META-INF/resources/webjars/cytoscape/" + cytoscapeVersion + "/dist/cytoscape.min.js";
    }

    /** The asset for a request path, e.g. "/", "/app.js"; empty for anything else (answer 404). */
    public Optional<Asset> resolve(String urlPath) {
        return Optional.ofNullable(byPath.get(urlPath == null || urlPath.isEmpty() ? "/" : urlPath));
    }

    /** Every distinct asset, index first. */
    public List<Asset> all() {
        return byPath.values().stream().distinct().toList();
    }

    public InputStream open(Asset asset) {
        InputStream in = loader.getResourceAsStream(asset.resource());
        if (in == null) {
            throw new IllegalStateException("asset missing from classpath: " + asset.resource());
        }
        return in;
    }

    public byte[] read(Asset asset) {
        try (InputStream in = open(asset)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Read from the WebJar itself rather than pinned in code, so bumping the version in
     * visualizer/pom.xml is the only edit an upgrade needs.
     */
    private static String readCytoscapeVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(CYTOSCAPE_POM)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars.npm:cytoscape is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || !v.matches("[0-9A-Za-z.+-]+")) {
                throw new IllegalStateException("unexpected cytoscape webjar version: " + v);
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
