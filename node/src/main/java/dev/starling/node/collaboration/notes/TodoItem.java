package dev.starling.node.collaboration.notes;

/** One entry of a shared todo list; {@code order} sorts the list (ties broken by id). */
public record TodoItem(String id, String text, boolean done, double order) {}
