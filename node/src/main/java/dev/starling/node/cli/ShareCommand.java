package dev.starling.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.node.api.ApiToken;
import dev.starling.node.collaboration.files.FileNames;
import dev.starling.node.view.NodeUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code starling share FILE --node URL}: shares a local file into the room through a running node. */
@Command(
        name = "share",
        description = "Share a file into the room through a running node (its chat gets the download link).")
final class ShareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to share.")
    Path file;

    @Option(
            names = "--node",
            required = true,
            paramLabel = "URL",
            description = "The node's API, e.g. http://127.0.0.1:8700")
    String node;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Name to share it under (default: the file's own name).")
    String name;

    @Option(
            names = "--token-file",
            required = true,
            paramLabel = "FILE",
            description = "The node's API token: the api-token file in its data directory.")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        NodeUrl base;
        try {
            base = NodeUrl.parse(node);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--node: " + e.getMessage());
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a readable file: " + file);
        }
        String shareName =
                name != null ? name : FileNames.baseName(file.getFileName().toString());
        String problem = FileNames.problem(shareName);
        if (problem != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "bad file name '" + shareName + "': " + problem);
        }
        String token;
        try {
            token = ApiToken.readFile(tokenFile);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot read --token-file " + tokenFile + ": " + e.getMessage());
        }
        URI target = base.resolve("/api/files?name=" + URLEncoder.encode(shareName, StandardCharsets.UTF_8));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/octet-stream")
                .header(ApiToken.HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine()
                    .getErr()
                    .println("error: cannot reach " + base + ": "
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()));
            return ExitCodes.FAILURE;
        }
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() != 201 || body == null) {
            String error =
                    body != null && body.hasNonNull("error") ? body.get("error").asText() : response.body();
            spec.commandLine()
                    .getErr()
                    .println("error: the node refused the file (HTTP " + response.statusCode() + "): " + error);
            return ExitCodes.FAILURE;
        }
        spec.commandLine()
                .getOut()
                .println("shared " + body.path("name").asText() + " ("
                        + body.path("size").asLong() + " bytes, "
                        + body.path("chunks").asInt() + " chunks)");
        spec.commandLine().getOut().println("sha256 " + body.path("hash").asText());
        spec.commandLine()
                .getOut()
                .println("download " + base.resolve(body.path("link").asText()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
