// Starling call page: remote audio playback.
// One jitter ring per remote stream (keyed by the node's `from`), all summed into one mono
// output. A stream starts (and restarts after running dry) only once TARGET samples are
// buffered, so small gaps in arrival are absorbed; whenever more than MAX_BUFFERED samples wait,
// the oldest are dropped down to TARGET so a burst or a clock drift never grows the latency.
// Remote audio comes straight from the media worker (media-worker.js) over a MessagePort, not
// through the page's main thread. Since the node plays audio on its own 10 ms clock, arrivals
// come 10 ms apart at p50 and 17 ms at p95 (at most 30-50 ms), so the start is 25 ms and
// anything beyond 50 ms is trimmed. With 40 / 80 ms the buffer sat at 50-57 ms and never ran dry;
// with 20 / 40 ms it ran dry 5 and 14 times in 30 s (docs/measurements/2026-12-07-call-page.md).
// Twenty times a second the level of every stream is posted back to the page.
const RATE = 48000;
const RING = RATE / 2; // 500 ms of room per stream
const TARGET = RATE / 40; // 25 ms buffered before playing
const MAX_BUFFERED = RATE / 20; // 50 ms: beyond this, drop down to TARGET
const FORGET_AFTER = RATE * 2; // a stream silent for 2 s is removed
const REPORT_EVERY = RATE / 20; // frames between level reports
// The reported level is the loudest 50 ms RMS of the last HOLD_REPORTS reports (200 ms).
// Without that hold the gaps between syllables would read as silence and the speaker highlight
// would flicker; with it, a voice that stops (a mute) reads as silence 200 ms later, not after a
// slow fade. (Chromium's fake microphone beeps for 20 ms every 500 ms, so it reads as silence in
// part of each half second; the lab's markers, 60 ms every 200 ms, keep it above zero.)
const HOLD_REPORTS = 4;
const SILENT = 1e-4;

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

class Stream {
  constructor(now, probe) {
    this.detector = probe ? new OnsetDetector(RATE) : null;
    this.ring = new Float32Array(RING);
    this.read = 0;
    this.count = 0;
    this.playing = false;
    this.underruns = 0; // times it ran dry while playing
    this.trimmed = 0; // samples dropped for being buffered beyond the bound
    this.onsetDepth = 0; // probe mode: samples still buffered behind the last onset played
    this.lastPush = now;
    this.sumSquares = 0;
    this.level = 0;
    this.recent = []; // the last HOLD_REPORTS RMS values
  }

  push(samples, now) {
    this.lastPush = now;
    // A push larger than the ring keeps only its newest part.
    const start = Math.max(0, samples.length - RING);
    let write = (this.read + this.count) % RING;
    for (let i = start; i < samples.length; i++) {
      this.ring[write] = samples[i];
      write = write + 1 === RING ? 0 : write + 1;
    }
    this.count += samples.length - start;
    if (this.count > MAX_BUFFERED) {
      this.trimmed += this.count - TARGET;
      this.discard(this.count - TARGET);
    }
  }

  discard(n) {
    this.read = (this.read + n) % RING;
    this.count -= n;
  }

  /** Adds this stream's next samples into out; returns the first onset's index in out, or -1. */
  mixInto(out) {
    let onset = -1;
    if (!this.playing && this.count >= TARGET) {
      this.playing = true;
    }
    if (!this.playing) {
      return onset;
    }
    const n = Math.min(out.length, this.count);
    for (let i = 0; i < n; i++) {
      const s = this.ring[(this.read + i) % RING];
      out[i] += s;
      this.sumSquares += s * s;
      if (this.detector && this.detector.step(s) && onset < 0) {
        onset = i;
        this.onsetDepth = this.count - i - 1;
      }
    }
    this.discard(n);
    if (this.count === 0) {
      this.playing = false; // ran dry: wait for TARGET again rather than crackle
      this.underruns++;
    }
    return onset;
  }
}

class PlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.probe = Boolean(options && options.processorOptions && options.processorOptions.probe);
    this.streams = new Map();
    this.sinceReport = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(message) {
    if (!message) {
      return;
    }
    if (message.port) {
      // The media worker's port: remote audio comes straight from it, not through the page.
      message.port.onmessage = (event) => this.receive(event.data);
      return;
    }
    if (message.reset) {
      this.streams.clear();
      return;
    }
    let stream = this.streams.get(message.id);
    if (!stream) {
      stream = new Stream(currentFrame, this.probe);
      this.streams.set(message.id, stream);
    }
    stream.push(message.samples, currentFrame);
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    out.fill(0);
    for (const [id, stream] of this.streams) {
      if (currentFrame - stream.lastPush > FORGET_AFTER && stream.count === 0) {
        this.streams.delete(id);
        continue;
      }
      const onset = stream.mixInto(out);
      if (onset >= 0) {
        // When that sample is played: the context time of this quantum's frame plus its index.
        // With it, what the stream's buffer held behind that sample and its counters so far.
        this.port.postMessage({
          probe: [[id, (currentFrame + onset) / RATE, (stream.onsetDepth * 1000) / RATE, stream.underruns, stream.trimmed]],
        });
      }
    }
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.max(-1, Math.min(1, out[i]));
    }
    this.sinceReport += out.length;
    if (this.sinceReport >= REPORT_EVERY) {
      this.report();
    }
    return true;
  }

  report() {
    const levels = [];
    for (const [id, stream] of this.streams) {
      const rms = Math.sqrt(stream.sumSquares / this.sinceReport);
      stream.recent.push(rms < SILENT ? 0 : rms);
      if (stream.recent.length > HOLD_REPORTS) {
        stream.recent.shift();
      }
      stream.level = Math.max(...stream.recent);
      stream.sumSquares = 0;
      levels.push([id, stream.level]);
    }
    this.sinceReport = 0;
    this.port.postMessage(levels);
  }
}

registerProcessor('starling-playback', PlaybackProcessor);
