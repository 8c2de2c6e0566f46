package dev.starling.node.view;

import dev.starling.node.api.ApiToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** A node's HTTP API seen from elsewhere; every failure becomes a {@link RemoteNodeException} naming the node. */
public final class RemoteNode {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One buffered answer, passed on as is. */
    public record Reply(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final NodeUrl url;
    private final HttpClient http;
    private final String token;

    public RemoteNode(NodeUrl url, HttpClient http) {
        this(url, http, null);
    }

    /** @param token the node's API token, sent with every request; null to send none */
    public RemoteNode(NodeUrl url, HttpClient http, String token) {
        this.url = url;
        this.http = http;
        this.token = token;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public NodeUrl url() {
        return url;
    }

    public Reply get(String pathAndQuery) throws RemoteNodeException {
        return send(request(pathAndQuery).timeout(REQUEST_TIMEOUT).GET().build());
    }

    public Reply post(String pathAndQuery, String contentType, byte[] body) throws RemoteNodeException {
        return send(request(pathAndQuery)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType == null ? "application/json" : contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /**
     * Opens a long-lived stream (no request timeout: an event stream may be quiet for minutes).
     * The caller closes the body.
     */
    public HttpResponse<InputStream> openStream(String pathAndQuery) throws RemoteNodeException {
        HttpRequest request = request(pathAndQuery)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteNodeException("interrupted while talking to " + url);
        }
    }

    /** Fails with a clear message unless the address answers like a Starling node. */
    public void checkReachable() throws RemoteNodeException {
        Reply reply = get("/api/health");
        if (reply.status() != 200 || !reply.text().contains("\"status\"")) {
            throw new RemoteNodeException(url + " answered /api/health with HTTP " + reply.status()
                    + ": is it a Starling node's --http address?");
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url.resolve(pathAndQuery));
        return token == null ? builder : builder.header(ApiToken.HEADER, token);
    }

    private Reply send(HttpRequest request) throws RemoteNodeException {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Optional<String> type = response.headers().firstValue("Content-Type");
            return new Reply(response.statusCode(), type.orElse(null), response.body());
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteNodeException("interrupted while talking to " + url);
        }
    }

    private RemoteNodeException failure(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer in " + REQUEST_TIMEOUT.toSeconds() + " s";
        } else if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
            why = "unknown host " + url.base().getHost();
        } else if (e instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new RemoteNodeException("cannot reach node at " + url + ": " + why);
    }
}
