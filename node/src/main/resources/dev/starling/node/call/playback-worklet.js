// Starling call page: remote audio playback.
// One stream per remote link (keyed by the node's `from`), all summed into one mono output.
// Remote audio comes straight from the media worker (media-worker.js) over a MessagePort, not
// through the page's main thread. Two kinds of stream:
// - Numbered (NumberedStream): audio that reached the node as Opus packets. The node hands each
//   packet over decoded the moment it arrives, with its frame index on the sender's clock, and
//   this worklet is its one jitter buffer, as the node's JitterBuffer is for its own playout
//   (docs/audio.md): frame f plays at base + f * 10 ms + delay on this context's clock, where base
//   is the least transit of the last 3 s and delay covers the transit spread to its 97th
//   percentile plus 4 ms. The spread includes everything between the sender and this thread: the
//   network, the node, the socket, the worker and this context's render callbacks. Played out by
//   the node instead, the audio would wait in two buffers in a row, each sized for its own jitter.
// - Unnumbered (Stream): audio the node played out itself (RTP links). It starts (and restarts
//   after running dry) once TARGET samples are buffered; beyond MAX_BUFFERED the oldest are
//   dropped down to TARGET, so a burst or a clock drift never grows the latency. Since the node
//   plays on its own 10 ms clock, arrivals come 10 ms apart at p50 and 17 ms at p95, so the start
//   is 25 ms and anything beyond 50 ms is trimmed (docs/measurements/2026-12-07-call-page.md).
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

// Numbered streams, as the node's JitterBuffer (docs/audio.md).
const FRAME = 480; // 10 ms
const SLOTS = 64; // frames held at most
const TRANSIT_WINDOW = 300; // 3 s of arrivals
const QUANTILE = 0.97;
const MARGIN = RATE / 250; // 4 ms over the measured spread
const SLACK_FRAMES = 1; // lag allowed before frames are dropped to catch up
const JUMP_FRAMES = 30; // beyond this the position jumps straight to the target
const IDLE_AFTER_FRAMES = 20; // frames without a packet before the sender counts as silent
const RETARGET_EVERY_FRAMES = 10;
const SILENCE = new Float32Array(FRAME);

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
    this.levels = new Level();
  }

  get idle() {
    return this.count === 0;
  }

  push(samples, frame, now) {
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
      this.levels.add(s);
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

/** The level every stream reports: RMS over each report, the loudest of the last HOLD_REPORTS. */
class Level {
  constructor() {
    this.sumSquares = 0;
    this.level = 0;
    this.recent = [];
  }

  add(s) {
    this.sumSquares += s * s;
  }

  report(frames) {
    const rms = Math.sqrt(this.sumSquares / frames);
    this.recent.push(rms < SILENT ? 0 : rms);
    if (this.recent.length > HOLD_REPORTS) {
      this.recent.shift();
    }
    this.level = Math.max(...this.recent);
    this.sumSquares = 0;
    return this.level;
  }
}

class NumberedStream {
  constructor(now, probe) {
    this.numbered = true;
    this.detector = probe ? new OnsetDetector(RATE) : null;
    this.frames = new Array(SLOTS).fill(null);
    this.indices = new Float64Array(SLOTS).fill(-1);
    this.arrivals = new Float64Array(SLOTS);
    this.transit = new Float64Array(TRANSIT_WINDOW);
    this.transitCount = 0;
    this.transitNext = 0;
    this.delay = NaN; // samples: frame f starts at f * FRAME + delay
    this.cursor = -1; // the next frame to play; -1 while the sender is silent
    this.newest = -1;
    this.current = null; // the frame playing, or null at a frame boundary
    this.currentArrival = 0;
    this.offset = 0;
    this.sinceRetarget = 0;
    this.withoutPacket = 0;
    this.catchingUp = false;
    this.underruns = 0; // frames missing at their turn (played as silence)
    this.trimmed = 0; // samples dropped to catch up
    this.onsetDepth = 0; // probe mode: how long the last onset played waited here, in samples
    this.lastPush = now;
    this.levels = new Level();
  }

  get idle() {
    return this.cursor < 0;
  }

  push(samples, frame, now) {
    this.lastPush = now;
    if (samples.length !== FRAME || (this.cursor >= 0 && frame < this.cursor)) {
      return; // not one frame, or too late: its turn has passed
    }
    const slot = frame % SLOTS;
    if (this.indices[slot] === frame) {
      return;
    }
    this.indices[slot] = frame;
    this.frames[slot] = samples;
    this.arrivals[slot] = now;
    this.newest = Math.max(this.newest, frame);
    this.transit[this.transitNext] = now - frame * FRAME;
    this.transitNext = (this.transitNext + 1) % TRANSIT_WINDOW;
    this.transitCount = Math.min(this.transitCount + 1, TRANSIT_WINDOW);
    if (Number.isNaN(this.delay)) {
      this.retarget();
    }
  }

  retarget() {
    this.sinceRetarget = 0;
    if (this.transitCount === 0) {
      return;
    }
    const sorted = this.transit.slice(0, this.transitCount).sort();
    const high = sorted[Math.min(sorted.length - 1, Math.floor(QUANTILE * sorted.length))];
    this.delay = high + MARGIN;
  }

  take(frame) {
    const slot = frame % SLOTS;
    if (this.indices[slot] !== frame) {
      return null;
    }
    this.indices[slot] = -1;
    const samples = this.frames[slot];
    this.frames[slot] = null;
    this.currentArrival = this.arrivals[slot];
    return samples;
  }

  /** At a frame boundary, position `at`: what plays next (false while the sender is silent). */
  next(at) {
    if (++this.sinceRetarget >= RETARGET_EVERY_FRAMES) {
      this.retarget();
    }
    const due = Math.floor((at - this.delay) / FRAME);
    if (this.cursor < 0 || Math.abs(due - this.cursor) > JUMP_FRAMES) {
      this.cursor = due;
    } else {
      const drift = due - this.cursor;
      if (drift < 0) {
        this.current = SILENCE; // ahead of the target: hold the position for a frame
        return true;
      }
      if (drift === 0) {
        this.catchingUp = false;
      } else if (drift > SLACK_FRAMES) {
        this.catchingUp = true;
      }
      if (this.catchingUp) {
        this.take(this.cursor++);
        this.trimmed += FRAME;
      }
    }
    const samples = this.take(this.cursor++);
    if (samples) {
      this.withoutPacket = 0;
      this.current = samples;
      return true;
    }
    if (++this.withoutPacket > IDLE_AFTER_FRAMES && this.cursor > this.newest) {
      this.cursor = -1;
      return false;
    }
    this.underruns++;
    this.current = SILENCE;
    this.currentArrival = at;
    return true;
  }

  /** Adds this stream's samples for the quantum at `at` into out; returns the first onset's index in out, or -1. */
  mixInto(out, at) {
    let onset = -1;
    if (Number.isNaN(this.delay)) {
      return onset;
    }
    let i = 0;
    while (i < out.length) {
      if (this.current === null && !this.next(at + i)) {
        break; // silent sender: nothing until its next packet
      }
      const n = Math.min(out.length - i, FRAME - this.offset);
      const frame = this.current;
      for (let k = 0; k < n; k++) {
        const s = frame[this.offset + k];
        out[i + k] += s;
        this.levels.add(s);
        if (this.detector && this.detector.step(s) && onset < 0) {
          onset = i + k;
          this.onsetDepth = at + i + k - this.currentArrival;
        }
      }
      i += n;
      this.offset += n;
      if (this.offset === FRAME) {
        this.current = null;
        this.offset = 0;
      }
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
    const numbered = typeof message.frame === 'number';
    let stream = this.streams.get(message.id);
    if (!stream || Boolean(stream.numbered) !== numbered) {
      stream = numbered ? new NumberedStream(currentFrame, this.probe) : new Stream(currentFrame, this.probe);
      this.streams.set(message.id, stream);
    }
    stream.push(message.samples, message.frame, currentFrame);
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    out.fill(0);
    for (const [id, stream] of this.streams) {
      if (currentFrame - stream.lastPush > FORGET_AFTER && stream.idle) {
        this.streams.delete(id);
        continue;
      }
      const onset = stream.mixInto(out, currentFrame);
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
      levels.push([id, stream.levels.report(this.sinceReport)]);
    }
    this.sinceReport = 0;
    this.port.postMessage(levels);
  }
}

registerProcessor('starling-playback', PlaybackProcessor);
