package dev.starling.node.election;

import com.google.protobuf.ByteString;
import dev.starling.node.election.ElectionAction.BroadcastPoints;
import dev.starling.node.election.ElectionAction.BroadcastStart;
import dev.starling.node.election.ElectionAction.SendProbe;
import dev.starling.node.election.ElectionAction.SendProbeResponse;
import dev.starling.protocol.v1.Envelope;

/**
 * The outgoing half of the election's wire format: each message the service sends is put in its
 * envelope here and nowhere else, so the parts that send (the actions, the probes, the leader)
 * cannot disagree on how a message looks. Receiving is {@link ElectionInbox}'s.
 */
final class ElectionWire {

    private final String self;
    private final ElectionTransport transport;

    ElectionWire(String self, ElectionTransport transport) {
        this.self = self;
        this.transport = transport;
    }

    void broadcastStart(BroadcastStart start) {
        transport.broadcast(Envelope.newBuilder().setElectionStart(ElectionMessages.toProto(start)));
    }

    /** @return false if the peer is not in the current view */
    boolean sendProbe(String peer, long number, ByteString payload) {
        return transport.sendTo(
                peer,
                Envelope.newBuilder()
                        .setElectionProbe(ElectionMessages.toProto(new SendProbe(peer, number), self, payload)));
    }

    void sendProbeResponse(SendProbeResponse response) {
        transport.sendTo(
                response.to(),
                Envelope.newBuilder().setElectionProbeResponse(ElectionMessages.toProto(response, self)));
    }

    void broadcastPoints(BroadcastPoints points) {
        transport.broadcast(Envelope.newBuilder().setElectionPoints(ElectionMessages.toProto(points)));
    }

    void broadcastResult(ElectionOutcome outcome) {
        transport.broadcast(Envelope.newBuilder().setElectionResult(ElectionMessages.toProto(outcome)));
    }

    void sendResult(String peer, ElectionOutcome outcome) {
        transport.sendTo(peer, Envelope.newBuilder().setElectionResult(ElectionMessages.toProto(outcome)));
    }
}
