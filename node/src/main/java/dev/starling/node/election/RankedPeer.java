package dev.starling.node.election;

/** A candidate's place in the ranking: the sum of the totals every scorer gave it. */
public record RankedPeer(String peerId, double total) {}
