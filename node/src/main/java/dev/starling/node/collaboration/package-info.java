/**
 * Collaboration in a room: shared files ({@code files}) and Automerge documents ({@code notes}).
 *
 * <p>Both ride on the room's envelopes: files announce manifests and holdings to everyone and move
 * chunks over a {@link dev.starling.node.collaboration.files.ChunkTransport}; notes run Automerge's
 * sync protocol with every peer. Each keeps its state in the node's data dir and reloads it at start.
 */
package dev.starling.node.collaboration;
