package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyReportTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    private LatencyReport.NodeState node(String self, boolean leader, String election) throws Exception {
        JsonNode room =
                read("{'self':{'id':'" + self + "'},'members':[{'id':'a','role':'mixer'},{'id':'b','role':'client'}]}");
        return new LatencyReport.NodeState(
                "http://" + self,
                room,
                read("{'pairs':[]}"),
                read("{'reports':{}}"),
                read(election.replace("LEADER", Boolean.toString(leader))),
                read("{}"));
    }

    @Test
    void reportsTheLeadersElectionAndEveryNodesRole() throws Exception {
        String election = "{'number':3,'isLeader':LEADER,'policy':'seed','mixers':['a'],'assignment':{'b':'a'},"
                + "'scores':[{'peerId':'a','total':210.5},{'peerId':'b','total':90.0}]}";
        Map<String, LatencyReport.NodeState> nodes = new LinkedHashMap<>();
        nodes.put(
                "peer1",
                node(
                        "b",
                        false,
                        election.replace(
                                "'scores':[{'peerId':'a','total':210.5},{'peerId':'b','total':90.0}]", "'scores':[]")));
        nodes.put("peer2", node("a", true, election));

        ObjectNode report = new LatencyReport(json).build(json.createObjectNode(), nodes);

        JsonNode e = report.path("election");
        assertThat(e.path("number").asLong()).isEqualTo(3);
        assertThat(e.path("policy").asText()).isEqualTo("seed");
        assertThat(e.path("mixers").get(0).asText()).isEqualTo("a");
        assertThat(e.path("assignment").path("b").asText()).isEqualTo("a");
        assertThat(e.path("scores")).as("from the leader, which computed them").hasSize(2);
        assertThat(e.path("scores").get(0).path("peer").asText()).isEqualTo("a");
        assertThat(e.path("scores").get(0).path("total").asDouble()).isEqualTo(210.5);
        assertThat(report.path("nodes").get(0).path("role").asText()).isEqualTo("client");
        assertThat(report.path("nodes").get(1).path("role").asText()).isEqualTo("mixer");
    }

    @Test
    void withoutAnyElectionTheFieldIsNullAndRolesDefaultToMesh() throws Exception {
        Map<String, LatencyReport.NodeState> nodes = new LinkedHashMap<>();
        nodes.put(
                "peer1",
                new LatencyReport.NodeState(
                        "x", read("{'self':{'id':'z'},'members':[]}"), read("{}"), read("{}"), read("{}"), read("{}")));
        ObjectNode report = new LatencyReport(json).build(json.createObjectNode(), nodes);
        assertThat(report.path("election").isNull()).isTrue();
        assertThat(report.path("nodes").get(0).path("role").asText()).isEqualTo("mesh");
    }

    @Test
    void aMixersSideOfTheHopIsItsJitterBuffersFromClientsAndItsBusWait() throws Exception {
        JsonNode room = read("{'self':{'id':'m'},'members':[{'id':'m','role':'mixer'},{'id':'c','role':'client'},"
                + "{'id':'m2','role':'mixer'}]}");
        JsonNode metrics = read("{'reports':{'m':{'links':["
                + "{'remotePeer':'c','direction':'inbound','kind':'audio','jitterBufferDelayMs':31.5},"
                + "{'remotePeer':'c','direction':'inbound','kind':'video','jitterBufferDelayMs':9.0},"
                + "{'remotePeer':'c','direction':'outbound','kind':'audio'},"
                + "{'remotePeer':'m2','direction':'inbound','kind':'audio','jitterBufferDelayMs':40.0}]}}}");
        JsonNode media = read("{'routes':{'mixer':{'waitMsMean':6.25}}}");
        JsonNode clientRoom =
                read("{'self':{'id':'c'},'members':[{'id':'m','role':'mixer'},{'id':'c','role':'client'}]}");
        Map<String, LatencyReport.NodeState> nodes = new LinkedHashMap<>();
        nodes.put("peer1", new LatencyReport.NodeState("x", room, read("{}"), metrics, read("{}"), media));
        nodes.put("peer2", new LatencyReport.NodeState("y", clientRoom, read("{}"), read("{}"), read("{}"), media));

        JsonNode atMixers = new LatencyReport(json)
                .build(json.createObjectNode(), nodes)
                .path("hop_cost")
                .path("at_mixers");

        assertThat(atMixers).as("clients are left out").hasSize(1);
        assertThat(atMixers.get(0).path("mixer").asText()).isEqualTo("m");
        assertThat(atMixers.get(0).path("jitter_buffer_ms_from_clients").properties())
                .as("inbound audio from clients only")
                .hasSize(1);
        assertThat(atMixers.get(0)
                        .path("jitter_buffer_ms_from_clients")
                        .path("c")
                        .asDouble())
                .isEqualTo(31.5);
        assertThat(atMixers.get(0).path("bus_wait_ms").asDouble()).isEqualTo(6.25);
        JsonNode mixerNode = new LatencyReport(json)
                .build(json.createObjectNode(), nodes)
                .path("nodes")
                .get(0);
        assertThat(mixerNode.path("jitter_buffer_ms").path("c").asDouble()).isEqualTo(31.5);
        assertThat(mixerNode.path("jitter_buffer_ms").path("m2").asDouble())
                .as("every inbound audio link, mixers' too")
                .isEqualTo(40.0);
    }

    @Test
    void eachPairCarriesItsIcePathAndReconnectionsAsTheReceiverSawThem() throws Exception {
        JsonNode latency = read("{'pairs':[{'from':'a','to':'b','hops':0,'audio':{},'video':{},'clockOffset':{},"
                + "'ice':{'local':'srflx','remote':'relay','protocol':'udp'},"
                + "'reconnection':{'reconnects':1,'lastGapMs':2100.0,'iceRestarts':1}},"
                + "{'from':'c','to':'b','hops':0,'audio':{},'video':{},'clockOffset':{}}]}");
        Map<String, LatencyReport.NodeState> nodes = new LinkedHashMap<>();
        nodes.put(
                "peer2",
                new LatencyReport.NodeState(
                        "x", read("{'self':{'id':'b'},'members':[]}"), latency, read("{}"), read("{}"), read("{}")));

        JsonNode pairs =
                new LatencyReport(json).build(json.createObjectNode(), nodes).path("pairs");

        assertThat(pairs.get(0).path("ice").path("local").asText()).isEqualTo("srflx");
        assertThat(pairs.get(0).path("ice").path("remote").asText()).isEqualTo("relay");
        assertThat(pairs.get(0).path("reconnection").path("lastGapMs").asDouble())
                .isEqualTo(2100.0);
        assertThat(pairs.get(1).path("ice").isNull())
                .as("before ICE chose a pair")
                .isTrue();
        assertThat(pairs.get(1).has("reconnection")).isFalse();
    }
}
