// Starling call page: remote audio playback.
// One jitter ring per remote stream (keyed by the node's `from`), all summed into one mono
// output. A stream starts (and restarts after running dry) only once TARGET samples are
// buffered, so small gaps in arrival are absorbed; whenever more than MAX_BUFFERED samples wait,
// the oldest are dropped down to TARGET so a burst or a clock drift never grows the latency.
// About ten times a second the level of every stream is posted back to the page.
const RATE = 48000;
const RING = RATE / 2; // 500 ms of room per stream
const TARGET = RATE / 20; // 50 ms buffered before playing
const MAX_BUFFERED = RATE / 10; // 100 ms: beyond this, drop down to TARGET
const FORGET_AFTER = RATE * 2; // a stream silent for 2 s is removed
const REPORT_EVERY = RATE / 10; // frames between level reports
// The reported level is the loudest 100 ms RMS of the last HOLD_REPORTS reports (300 ms).
// Without that hold the gaps between syllables would read as silence and the speaker highlight
// would flicker; with it, a voice that stops (a mute) reads as silence 300 ms later, not after a
// slow fade. (Chromium's fake microphone beeps for 20 ms every 500 ms, so it reads as silence in
// part of each half second.)
const HOLD_REPORTS = 3;
const SILENT = 1e-4;

class Stream {
  constructor(now) {
    this.ring = new Float32Array(RING);
    this.read = 0;
    this.count = 0;
    this.playing = false;
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
      this.discard(this.count - TARGET);
    }
  }

  discard(n) {
    this.read = (this.read + n) % RING;
    this.count -= n;
  }

  /** Adds this stream's next samples into out. */
  mixInto(out) {
    if (!this.playing && this.count >= TARGET) {
      this.playing = true;
    }
    if (!this.playing) {
      return;
    }
    const n = Math.min(out.length, this.count);
    for (let i = 0; i < n; i++) {
      const s = this.ring[(this.read + i) % RING];
      out[i] += s;
      this.sumSquares += s * s;
    }
    this.discard(n);
    if (this.count === 0) {
      this.playing = false; // ran dry: wait for TARGET again rather than crackle
    }
  }
}

class PlaybackProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.streams = new Map();
    this.sinceReport = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(message) {
    if (message.reset) {
      this.streams.clear();
      return;
    }
    let stream = this.streams.get(message.id);
    if (!stream) {
      stream = new Stream(currentFrame);
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
      stream.mixInto(out);
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
