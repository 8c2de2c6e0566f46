/**
 * Mixing: what a mixer peer does to the media of its clients. Pure, allocation-light mixers (a
 * per-recipient audio mix-minus with a soft limiter, a grid composite of I420 pictures) and the
 * buses that feed them from the links' receive paths and hand the result to the links' senders.
 * Which link carries what is routing's business; decoding, encoding and transport are the media
 * layer's.
 */
package dev.starling.node.mixing;
