// Starling call page: probe mode (?probe=1), for measuring page-to-page latency.
// Audio: instead of the microphone, a 30 ms 400 Hz burst (2 ms ramps) at every wall-clock half
// second goes through the capture path; the playback worklet detects the bursts' onsets in each
// remote stream as it plays it out, and the latency is the detection's wall time minus the
// burst's scheduled time (mod 500 ms). The capture worklet runs the same detector on the burst as
// it is captured: that figure ("calibration") is the detector's own delay plus any error in the
// audio clock's mapping to wall time, and is near-constant.
// Video: each camera picture carries the wall-clock ms of its capture in its bottom 8 rows (the
// node's own stamp is in the top rows); the receiving page reads it back before rendering.
// Wall time is performance.timeOrigin + performance.now(), the same clock in every page of one
// browser, so two pages on one machine need no clock offset.

export const PROBE = new URLSearchParams(location.search).get('probe') === '1';

const PERIOD_MS = 500;
const BURST_MS = 30;
const RAMP_MS = 2;
const FREQUENCY = 400;
const AMPLITUDE = 0.5;
const SCHEDULE_AHEAD_MS = 3000;
const ACCEPT_MS = 480;
const MAX_SAMPLES = 100000;

// Stamp: 40 blocks across the bottom 8 rows: guard 1010, 32 bits of wall ms (MSB first), guard 0101.
const STAMP_ROWS = 8;
const STAMP_BLOCKS = 40;
const GUARD_HEAD = [1, 0, 1, 0];
const GUARD_TAIL = [0, 1, 0, 1];

export function wallNow() {
  return performance.timeOrigin + performance.now();
}

const samples = { audio: new Map(), video: new Map(), buffer: new Map(), calibration: [] };
// Gaps (ms) between successive audio messages where they pass through the page: in the media
// worker (media-worker.js), which measures them and posts them here twice a second: the capture
// worklet's blocks on their way out, and each remote stream's on their way to the playback
// worklet. Steady 10 ms gaps mean a steady flow; long ones are what the node's capture queue and
// the playback buffer have to absorb.
const arrivals = { capture: [], remote: new Map() };

function append(list, more) {
  for (const gap of more) {
    if (list.length >= MAX_SAMPLES) {
      return;
    }
    list.push(gap);
  }
}

/** Gaps measured by the media worker: capture [ms...], remote [[from, [ms...]]...]. */
export function addGaps(capture, remote) {
  if (Array.isArray(capture)) {
    append(arrivals.capture, capture);
  }
  if (Array.isArray(remote)) {
    for (const [from, list] of remote) {
      let mine = arrivals.remote.get(from);
      if (!mine) {
        mine = [];
        arrivals.remote.set(from, mine);
      }
      append(mine, list);
    }
  }
}

function gaps(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return { ...summary(sorted), max: sorted.length ? Math.round(sorted[sorted.length - 1] * 10) / 10 : null };
}

// Per remote stream, the playback worklet's counters as last reported, and as at the last reset.
const playback = new Map();
const counts = { videoStampsUnreadable: 0, audioOutOfWindow: 0 };

function record(kind, from, ms) {
  let list = samples[kind].get(from);
  if (!list) {
    list = [];
    samples[kind].set(from, list);
  }
  if (list.length < MAX_SAMPLES) {
    list.push(ms);
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 10) / 10;
}

function summary(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** starling.probe(): the figures so far; probe({reset: true}) clears them (and returns the empty set). */
export function probe(options) {
  if (options && options.reset) {
    samples.audio.clear();
    samples.video.clear();
    samples.buffer.clear();
    arrivals.capture = [];
    arrivals.remote.clear();
    for (const p of playback.values()) {
      p.base = { underruns: p.underruns, trimmed: p.trimmed };
    }
    samples.calibration = [];
    counts.videoStampsUnreadable = 0;
    counts.audioOutOfWindow = 0;
  }
  const out = { enabled: PROBE, audio: {}, video: {}, calibration: summary(samples.calibration), ...counts };
  for (const [from, list] of samples.audio) {
    out.audio[from] = summary(list);
  }
  for (const [from, list] of samples.video) {
    out.video[from] = summary(list);
  }
  // What the playback worklet held behind each burst's onset (ms), and how often it ran dry or
  // dropped samples (ms dropped) since the reset.
  out.gapsMs = { capture: gaps(arrivals.capture), remote: {} };
  for (const [from, list] of arrivals.remote) {
    out.gapsMs.remote[from] = gaps(list);
  }
  out.playback = {};
  for (const [from, p] of playback) {
    out.playback[from] = {
      bufferedMs: summary(samples.buffer.get(from) || []),
      underruns: p.underruns - p.base.underruns,
      trimmedMs: ((p.trimmed - p.base.trimmed) * 1000) / 48000,
    };
  }
  return out;
}

// ---------- audio ----------

/**
 * The context's clock as wall time: a context time (s) is rendered at wall ms
 * perfAt + (t - ctxAt) * 1000 + timeOrigin. Sampled from getOutputTimestamp() when it gives
 * one, else from currentTime against performance.now(); refreshed often so drift does not add up.
 */
class AudioClock {
  constructor(context) {
    this.context = context;
    this.ctxAt = 0;
    this.perfAt = 0;
    this.sample();
  }

  sample() {
    const ts = this.context.getOutputTimestamp ? this.context.getOutputTimestamp() : null;
    if (ts && ts.performanceTime > 0 && ts.contextTime > 0) {
      this.ctxAt = ts.contextTime;
      this.perfAt = ts.performanceTime;
    } else {
      this.ctxAt = this.context.currentTime;
      this.perfAt = performance.now();
    }
  }

  toWall(contextTime) {
    return performance.timeOrigin + this.perfAt + (contextTime - this.ctxAt) * 1000;
  }

  toContext(wall) {
    return this.ctxAt + (wall - performance.timeOrigin - this.perfAt) / 1000;
  }
}

/**
 * The burst generator: an oscillator gated by a gain whose envelope is scheduled a few seconds
 * ahead, so a throttled timer on the main thread cannot make a burst late.
 */
export class ProbeSignal {
  constructor(context) {
    this.context = context;
    this.clock = new AudioClock(context);
    this.oscillator = new OscillatorNode(context, { frequency: FREQUENCY });
    this.gate = new GainNode(context, { gain: 0 });
    this.oscillator.connect(this.gate);
    this.oscillator.start();
    this.next = Math.ceil((wallNow() + 200) / PERIOD_MS) * PERIOD_MS;
    this.timer = setInterval(() => this.schedule(), 250);
    this.schedule();
  }

  get output() {
    return this.gate;
  }

  schedule() {
    this.clock.sample();
    const horizon = wallNow() + SCHEDULE_AHEAD_MS;
    const gain = this.gate.gain;
    const now = this.context.currentTime;
    for (; this.next <= horizon; this.next += PERIOD_MS) {
      const start = this.clock.toContext(this.next);
      if (start < now + 0.01) {
        continue; // too close to schedule exactly: skip this one
      }
      gain.setValueAtTime(0, start);
      gain.linearRampToValueAtTime(AMPLITUDE, start + RAMP_MS / 1000);
      gain.setValueAtTime(AMPLITUDE, start + (BURST_MS - RAMP_MS) / 1000);
      gain.linearRampToValueAtTime(0, start + BURST_MS / 1000);
    }
  }

  /** A detection from a worklet ({from, time} in context seconds), recorded as a latency. */
  onDetection(kind, from, contextTime) {
    this.clock.sample();
    const wall = this.clock.toWall(contextTime);
    const latency = ((wall % PERIOD_MS) + PERIOD_MS) % PERIOD_MS;
    if (latency > ACCEPT_MS) {
      counts.audioOutOfWindow++;
      return;
    }
    if (kind === 'calibration') {
      samples.calibration.push(latency);
    } else {
      record('audio', from, latency);
    }
  }

  stop() {
    clearInterval(this.timer);
    this.oscillator.stop();
    this.gate.disconnect();
  }
}

/** The clock used to turn playback detections into wall time when no signal is being sent. */
let receiveClock = null;

export function onPlaybackDetections(context, signal, detections) {
  if (!Array.isArray(detections)) {
    return;
  }
  for (const [from, time, bufferedMs, underruns, trimmed] of detections) {
    if (typeof bufferedMs === 'number') {
      record('buffer', from, bufferedMs);
      const p = playback.get(from) || { base: { underruns, trimmed } };
      p.underruns = underruns;
      p.trimmed = trimmed;
      playback.set(from, p);
    }
    if (signal) {
      signal.onDetection('audio', from, time);
    } else {
      if (!receiveClock || receiveClock.context !== context) {
        receiveClock = new AudioClock(context);
      }
      receiveClock.sample();
      const wall = receiveClock.toWall(time);
      const latency = ((wall % PERIOD_MS) + PERIOD_MS) % PERIOD_MS;
      if (latency <= ACCEPT_MS) {
        record('audio', from, latency);
      } else {
        counts.audioOutOfWindow++;
      }
    }
  }
}

// ---------- video ----------

/** Draws the current wall ms into the bottom STAMP_ROWS rows of a w-wide canvas context. */
export function drawStamp(context, w, h) {
  const ms = Math.floor(wallNow()) >>> 0; // the low 32 bits: unambiguous for 49 days
  const bits = [...GUARD_HEAD];
  for (let i = 31; i >= 0; i--) {
    bits.push((ms >>> i) & 1);
  }
  bits.push(...GUARD_TAIL);
  const block = Math.floor(w / STAMP_BLOCKS);
  const y = h - STAMP_ROWS;
  context.fillStyle = '#000';
  context.fillRect(0, y, w, STAMP_ROWS);
  context.fillStyle = '#fff';
  for (let i = 0; i < bits.length; i++) {
    if (bits[i]) {
      context.fillRect(i * block, y, block, STAMP_ROWS);
    }
  }
}

/** The stamp of a received I420 picture (its luma plane first), or null when it does not read. */
function readStamp(i420, w, h) {
  const block = Math.floor(w / STAMP_BLOCKS);
  if (block < 2 || h < STAMP_ROWS * 2) {
    return null;
  }
  const bits = [];
  const inset = Math.max(1, block >> 2);
  for (let i = 0; i < STAMP_BLOCKS; i++) {
    let sum = 0;
    let n = 0;
    for (let row = h - STAMP_ROWS + 2; row < h - 2; row++) {
      for (let col = i * block + inset; col < (i + 1) * block - inset; col++) {
        sum += i420[row * w + col];
        n++;
      }
    }
    bits.push(sum / n > 126 ? 1 : 0);
  }
  for (let i = 0; i < 4; i++) {
    if (bits[i] !== GUARD_HEAD[i] || bits[36 + i] !== GUARD_TAIL[i]) {
      return null;
    }
  }
  let ms = 0;
  for (let i = 4; i < 36; i++) {
    ms = ms * 2 + bits[i];
  }
  return ms;
}

/** Reads a received camera picture's stamp; call rendered() with the result once it is drawn. */
export function stampOf(i420, w, h) {
  return readStamp(i420, w, h);
}

export function rendered(from, stamp) {
  if (stamp === null) {
    counts.videoStampsUnreadable++;
    return;
  }
  const now = Math.floor(wallNow()) >>> 0;
  const latency = (now - stamp) >>> 0; // modulo 2^32
  if (latency < 10000) {
    record('video', from, latency);
  } else {
    counts.videoStampsUnreadable++;
  }
}
