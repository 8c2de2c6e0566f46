package dev.starling.node.lab;

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
        JsonNode room = read("{'self':{'id':'" + self + "'},'members':[{'id':'a','role':'mixer'},{'id':'b','role':'client'}]}");
        return new LatencyReport.NodeState("http://" + self, room, read("{'pairs':[]}"), read("{'reports':{}}"),
                read(election.replace("LEADER", Boolean.toString(leader))));
    }

    @Test
    void reportsTheLeadersElectionAndEveryNodesRole() throws Exception {
        String election = "{'number':3,'isLeader':LEADER,'policy':'seed','mixers':['a'],'assignment':{'b':'a'},"
                + "'scores':[{'peerId':'a','total':210.5},{'peerId':'b','total':90.0}]}";
        Map<String, LatencyReport.NodeState> nodes = new LinkedHashMap<>();
        nodes.put("peer1", node("b", false, election.replace("'scores':[{'peerId':'a','total':210.5},{'peerId':'b','total':90.0}]", "'scores':[]")));
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
        nodes.put("peer1", new LatencyReport.NodeState("x", read("{'self':{'id':'z'},'members':[]}"),
                read("{}"), read("{}"), read("{}")));
        ObjectNode report = new LatencyReport(json).build(json.createObjectNode(), nodes);
        assertThat(report.path("election").isNull()).isTrue();
        assertThat(report.path("nodes").get(0).path("role").asText()).isEqualTo("mesh");
    }
}
