package dev.starling.visualizer.model;

import dev.starling.visualizer.event.LinkKind;

/**
 * Identity of a directed link. Used as the JGraphT edge object of the live structure: value
 * equality is exactly what we want there (one media and one control edge per ordered pair).
 */
public record LinkKey(String from, String to, LinkKind kind) {}
