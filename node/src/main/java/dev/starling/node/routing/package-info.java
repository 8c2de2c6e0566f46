/**
 * Routing: which peer sends its media to whom. The route table derived from an election's
 * assignment, the per-link send plan, the mix contents a link announces to its receiver, and the
 * controller that applies a new table to the node's links.
 */
package dev.starling.node.routing;
