/**
 * The mixer peer's media processing as pure, allocation-light classes: per-recipient audio
 * mix-minus with a soft limiter, and a grid video composite of I420 pictures. Decoding, encoding
 * and transport belong to the media layer.
 */
package dev.starling.node.mixer;
