/**
 * WebRTC media between the peers of a room.
 *
 * <p>Wiring for the room: create one {@link dev.starling.node.media.MediaEngine} per node with a
 * {@link dev.starling.node.media.SignalingTransport} that unicasts a
 * {@code dev.starling.protocol.v1.MediaSignal} to a peer id (FIFO per peer), and hand every
 * MediaSignal received from a peer to {@link dev.starling.node.media.MediaEngine#onSignal}.
 * Call {@code connect(peerId)} for each member (both ends may call it; glare is resolved by
 * perfect negotiation, the lexicographically larger id being polite), {@code hangup(peerId)}
 * when a member leaves, and {@code close()} on shutdown. Signals from a peer that is not a
 * member should be filtered by the room: an offer from an unknown peer opens a link.
 *
 * <p>What a node sends comes from {@link dev.starling.node.media.source.LocalSources}, opened once
 * from the {@code --media} choice ({@link dev.starling.node.media.MediaSource}) and handed to the
 * engine, which closes it. Pushed sources implement {@code AudioFrames}/{@code VideoFrames} and
 * share the pacing code in {@code AudioPusher}/{@code VideoPusher}.
 *
 * <p>Measurements: {@code links()} (per-peer {@link dev.starling.node.media.session.LinkSnapshot}:
 * frames, markers, one-way latency histograms, clock offset, getStats metrics),
 * {@code metricsReport()} for gossip, {@code probe(peerId)} / {@code probeAll()} for the 2 MiB
 * data-channel throughput probe.
 *
 * <p>Media tests need a network namespace with an addressed veth pair: libwebrtc ignores loopback.
 */
package dev.starling.node.media;
