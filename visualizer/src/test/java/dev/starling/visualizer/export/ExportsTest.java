package dev.starling.visualizer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.visualizer.model.TopologySnapshot;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.dot.DOTImporter;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ExportsTest {

    private final TopologySnapshot room = Fixtures.room();
    private final TopologyRenderer renderer = new TopologyRenderer();

    @Test
    void jsonHasNodesEdgesAttributesPositionsAndElections() throws Exception {
        Rendering r = renderer.render(room, "json");
        assertThat(r.mediaType()).startsWith("application/json");
        JsonNode root = new ObjectMapper().readTree(r.body());
        assertThat(root.get("leader").asText()).isEqualTo("c1");
        assertThat(root.get("nodes")).hasSize(3);
        JsonNode mixer = root.get("nodes").get(0);
        assertThat(mixer.get("id").asText()).isEqualTo("m1");
        assertThat(mixer.get("role").asText()).isEqualTo("mixer");
        // A lone mixer is centred.
        assertThat(mixer.at("/position/x").asDouble()).isZero();
        assertThat(mixer.at("/position/y").asDouble()).isZero();
        assertThat(root.get("nodes").get(1).get("leader").asBoolean()).isTrue();
        assertThat(root.at("/nodes/1/audio").asText()).isEqualTo("off");
        assertThat(root.at("/nodes/1/screen").asText()).isEqualTo("on");
        assertThat(mixer.get("audio").asText()).as("a peer that said nothing").isEqualTo("none");
        assertThat(root.get("edges")).hasSize(3);
        JsonNode e = root.get("edges").get(1);
        assertThat(e.get("source").asText()).isEqualTo("m1");
        assertThat(e.get("target").asText()).isEqualTo("c1");
        assertThat(e.get("bitrateKbps").asDouble()).isEqualTo(2400);
        assertThat(e.get("lossPercent").asDouble()).isEqualTo(7.5);
        assertThat(e.at("/path/from").asText()).isEqualTo("host");
        assertThat(e.at("/path/to").asText()).isEqualTo("srflx");
        assertThat(e.at("/path/state").asText()).isEqualTo("reconnecting");
        assertThat(root.at("/edges/0/path/to").asText()).isEqualTo("relay");
        assertThat(root.get("edges").get(2).get("kind").asText()).isEqualTo("control");
        assertThat(root.at("/edges/2/path/state").asText())
                .as("control links have no path")
                .isEmpty();
        assertThat(root.at("/elections/0/trigger").asText()).isEqualTo("peer-joined");
        assertThat(root.at("/elections/0/type").asText()).isEqualTo("ElectionFinished");
    }

    @Test
    void jsonIsInertButLossless() throws Exception {
        String body = renderer.render(room, ExportFormat.JSON).body();
        assertThat(body).doesNotContain("<script>", "</script>", "<", ">");
        JsonNode root = new ObjectMapper().readTree(body);
        assertThat(root.at("/nodes/2/name").asText()).isEqualTo(Fixtures.HOSTILE);
    }

    @Test
    void layoutIsDeterministic() {
        assertThat(renderer.render(room, "json").body())
                .isEqualTo(renderer.render(Fixtures.room(), "json").body());
    }

    @Test
    void dotHasStyledNodesAndEdgesAndParsesBackWithoutInjectedElements() {
        String dot = renderer.render(room, "dot").body();
        assertThat(dot)
                .startsWith("digraph starling {")
                .contains("doublecircle", "dashed", "bitrate_kbps=\"2400.0\"", "pos=\"0,0!\"", "peer_id=\"evil\"")
                .contains("style=\"dotted\"", "state=\"reconnecting\"", "srflx → relay (udp)");

        Graph<String, DefaultEdge> g = new DirectedPseudograph<>(DefaultEdge.class);
        Map<String, Map<String, Attribute>> attrs = new HashMap<>();
        DOTImporter<String, DefaultEdge> importer = new DOTImporter<>();
        importer.setVertexFactory(id -> id);
        importer.addVertexAttributeConsumer((p, a) ->
                attrs.computeIfAbsent(p.getFirst(), k -> new HashMap<>()).put(p.getSecond(), a));
        importer.importGraph(g, new StringReader(dot));

        assertThat(g.vertexSet()).containsExactlyInAnyOrder("p0", "p1", "p2");
        assertThat(g.edgeSet()).hasSize(3);
        String tooltip = attrs.get("p2").get("tooltip").getValue();
        assertThat(tooltip).startsWith("<script>alert(\"x\")</script>\"]; evil -> p0 [label=\"pwn\"]");
        assertThat(attrs.get("p2").get("label").getValue()).doesNotContain("pwn\"]\n");
    }

    @Test
    void svgIsWellFormedAndEscapesTheHostileName() throws Exception {
        String svg = renderer.render(room, "svg").body();
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;");
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        NodeList groups = doc.getElementsByTagName("g");
        int peers = 0;
        boolean sawLeader = false, sawMixer = false, sawFullName = false;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String cls = g.getAttribute("class");
            if (cls.startsWith("peer ")) {
                peers++;
                sawLeader |=
                        cls.contains("leader") && g.getAttribute("data-peer-id").equals("c1");
                sawMixer |=
                        cls.contains("mixer") && g.getAttribute("data-peer-id").equals("m1");
                sawFullName |=
                        g.getElementsByTagName("title").item(0).getTextContent().contains("y".repeat(10_000));
            }
        }
        assertThat(peers).isEqualTo(3);
        assertThat(sawLeader).isTrue();
        assertThat(sawMixer).isTrue();
        assertThat(sawFullName).isTrue();
        NodeList lines = doc.getElementsByTagName("line");
        assertThat(lines.getLength()).isEqualTo(3);
        Map<String, Element> lineByTitle = new HashMap<>();
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            lineByTitle.put(line.getTextContent().substring(0, 7), line);
        }
        assertThat(lineByTitle.get("c1 → m1").getAttribute("stroke-dasharray"))
                .as("a relayed link is dotted")
                .isEqualTo("1 3");
        assertThat(lineByTitle.get("m1 → c1").getAttribute("stroke"))
                .as("a reconnecting link is red whatever its loss")
                .isEqualTo("#c62828");
        assertThat(lineByTitle.get("m1 → c1").getTextContent()).contains("host → srflx (udp), reconnecting");
    }

    @Test
    void writesSampleExportsForHumansToLookAt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "exports"));
        var m = dev.starling.visualizer.model.TopologyModel.withDefaults();
        dev.starling.visualizer.SyntheticRoom.populate(m, 50, 4);
        for (ExportFormat f : ExportFormat.values()) {
            java.nio.file.Files.writeString(
                    dir.resolve("hostile." + f.name().toLowerCase()),
                    renderer.render(room, f).body());
            java.nio.file.Files.writeString(
                    dir.resolve("room50." + f.name().toLowerCase()),
                    renderer.render(m.current(), f).body());
        }
        assertThat(dir.resolve("room50.svg")).exists();
    }

    @Test
    void unknownFormatIsAnIllegalArgument() {
        assertThatThrownBy(() -> renderer.render(room, "png")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExportFormat.parse(" SVG ")).contains(ExportFormat.SVG);
    }

    @Test
    void fiftyPeerLayoutPutsMixersInsideAndEveryoneSomewhereDistinct() {
        var m = dev.starling.visualizer.model.TopologyModel.withDefaults();
        dev.starling.visualizer.SyntheticRoom.populate(m, 50, 4);
        Map<String, Point> pos = new TopologyLayout().compute(m.current());
        assertThat(pos).hasSize(50);
        assertThat(pos.values()).doesNotHaveDuplicates();
        double maxMixer = m.current().peers().stream()
                .filter(p -> p.role().wireName().equals("mixer"))
                .mapToDouble(
                        p -> Math.hypot(pos.get(p.id()).x(), pos.get(p.id()).y()))
                .max()
                .orElseThrow();
        double minOther = m.current().peers().stream()
                .filter(p -> !p.role().wireName().equals("mixer"))
                .mapToDouble(
                        p -> Math.hypot(pos.get(p.id()).x(), pos.get(p.id()).y()))
                .min()
                .orElseThrow();
        assertThat(maxMixer).isLessThan(minOther);
    }
}
