// Starling call page: microphone capture.
// Collects the microphone (down-mixed to mono by the node's channelCount of 1) into 10 ms blocks
// of 480 samples at 48 kHz and posts each block straight to the media worker (media-worker.js)
// over the MessagePort the page hands it, never through the page's main thread; the worker
// converts it to 16-bit PCM and sends it to the node. A render quantum is 128 frames, so a block
// completes every 3.75 quanta; posting whole blocks keeps the traffic to 100 messages a second
// instead of 375. The page's main thread only gets the level of the latest block, ten times a
// second (and, in probe mode, the calibration detections).
const BLOCK = 480;
const LEVEL_EVERY = 10; // blocks between level reports to the page

// Probe mode (?probe=1, see probe.js): the onset of a 400 Hz burst, found by two cascaded
// band-pass biquads (RBJ, 0 dB peak, Q 4: the node's marker tones at 1 kHz and up come out
// ~37 dB down) and a threshold on the output; re-armed after 100 ms below half the threshold.
class OnsetDetector {
  constructor(rate) {
    const w = (2 * Math.PI * 400) / rate;
    const alpha = Math.sin(w) / (2 * 4);
    const a0 = 1 + alpha;
    this.b0 = alpha / a0;
    this.a1 = (-2 * Math.cos(w)) / a0;
    this.a2 = (1 - alpha) / a0;
    this.s = new Float64Array(8); // x1 x2 y1 y2 of each stage
    this.quiet = 0;
    this.armed = false;
    this.rearm = rate / 10;
  }

  /** Filters one sample; true when it is a burst's onset. */
  step(x) {
    const s = this.s;
    let y = this.b0 * x - this.b0 * s[1] - this.a1 * s[2] - this.a2 * s[3];
    s[1] = s[0];
    s[0] = x;
    s[3] = s[2];
    s[2] = y;
    const x2 = y;
    y = this.b0 * x2 - this.b0 * s[5] - this.a1 * s[6] - this.a2 * s[7];
    s[5] = s[4];
    s[4] = x2;
    s[7] = s[6];
    s[6] = y;
    const level = Math.abs(y);
    this.quiet = level < 0.05 ? this.quiet + 1 : 0;
    if (this.quiet >= this.rearm) {
      this.armed = true;
    }
    if (this.armed && level > 0.1) {
      this.armed = false;
      return true;
    }
    return false;
  }
}

class CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
    const probe = options && options.processorOptions && options.processorOptions.probe;
    this.detector = probe ? new OnsetDetector(sampleRate) : null;
    this.out = null; // the media worker's port
    this.blocks = 0;
    this.port.onmessage = (event) => {
      if (event.data && event.data.port) {
        this.out = event.data.port;
      }
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const samples = channels[0];
      if (this.detector) {
        for (let i = 0; i < samples.length; i++) {
          if (this.detector.step(samples[i])) {
            this.port.postMessage({ calibration: currentTime + i / sampleRate });
          }
        }
      }
      let read = 0;
      while (read < samples.length) {
        const n = Math.min(samples.length - read, BLOCK - this.filled);
        this.block.set(samples.subarray(read, read + n), this.filled);
        this.filled += n;
        read += n;
        if (this.filled === BLOCK) {
          if (++this.blocks >= LEVEL_EVERY) {
            this.blocks = 0;
            let sum = 0;
            for (let i = 0; i < BLOCK; i++) {
              sum += this.block[i] * this.block[i];
            }
            this.port.postMessage({ level: Math.sqrt(sum / BLOCK) });
          }
          if (this.out) {
            this.out.postMessage(this.block, [this.block.buffer]);
          }
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
