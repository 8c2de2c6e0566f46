package dev.starling.visualizer.export;

public record Point(double x, double y) {}
