package dev.starling.chaos.impairment;

/** Decides, packet by packet and in order, whether the packet is lost. */
public interface LossModel {
    boolean lose();
}
