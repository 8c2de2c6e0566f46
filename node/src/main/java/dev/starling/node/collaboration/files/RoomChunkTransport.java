package dev.starling.node.collaboration.files;

import dev.starling.node.room.Room;
import dev.starling.protocol.v1.Envelope;
import dev.starling.protocol.v1.FileChunk;
import dev.starling.protocol.v1.FileChunkRequest;

/**
 * Chunks over the room's encrypted, reliable unicast (JGroups UNICAST3 with UFC credit flow
 * control: a sender blocks when the receiver has not caught up, which is the backpressure).
 */
public final class RoomChunkTransport implements ChunkTransport {
    public static final String NAME = "room";
    private final Room room;

    public RoomChunkTransport(Room room) {
        this.room = room;
    }

    @Override
    public boolean request(String peer, FileChunkRequest request) {
        return room.sendTo(peer, Envelope.newBuilder().setFileChunkRequest(request));
    }

    @Override
    public boolean send(String peer, FileChunk chunk) {
        return room.sendTo(peer, Envelope.newBuilder().setFileChunk(chunk));
    }

    @Override
    public String name() {
        return NAME;
    }
}
