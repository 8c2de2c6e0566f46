// Starling call page: microphone capture.
// Collects the microphone (down-mixed to mono by the node's channelCount of 1) into 10 ms blocks
// of 480 samples at 48 kHz and posts each block to the main thread, which converts it to 16-bit
// PCM and sends it to the node. A render quantum is 128 frames, so a block completes every 3.75
// quanta; posting whole blocks keeps the traffic to 100 messages a second instead of 375.
const BLOCK = 480;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const samples = channels[0];
      let read = 0;
      while (read < samples.length) {
        const n = Math.min(samples.length - read, BLOCK - this.filled);
        this.block.set(samples.subarray(read, read + n), this.filled);
        this.filled += n;
        read += n;
        if (this.filled === BLOCK) {
          this.port.postMessage(this.block, [this.block.buffer]);
          this.block = new Float32Array(BLOCK);
          this.filled = 0;
        }
      }
    }
    // Stay alive with no input: the page attaches a new microphone after a device change.
    return true;
  }
}

registerProcessor('starling-capture', CaptureProcessor);
