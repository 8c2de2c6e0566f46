// Starling call page: the media channel, off the page's main thread (a dedicated module worker).
// It owns the WebSocket to the node (docs/call.md). Audio never touches the main thread: the
// capture worklet posts its 10 ms blocks straight to this worker over a MessagePort, and remote
// audio goes from the socket straight to the playback worklet over another, so the main thread's
// stalls (layout, drawing, GC) no longer make the audio bursty. Pictures still come from and go
// to the main thread, which only draws: it posts RGBA pictures (converted to I420 here) and gets
// RGBA pictures ready for putImageData (converted from I420 here; in probe mode the stamp is read
// from the I420 luma first). Rules as in call.js: a malformed message from the node is dropped,
// never thrown; nothing is queued in the socket without bound.
//
// Main thread -> worker: {type: 'init', probe} | {type: 'ports', capture, playback} |
//   {type: 'open', conn, url} | {type: 'close', conn, code, reason} | {type: 'text', conn, text} |
//   {type: 'picture', conn, kind, w, h, rgba (transferred)} | {type: 'muted', value} |
//   {type: 'audioOnly', value}
// Worker -> main thread (each with the conn it belongs to): open | close {code, reason} |
//   text {text} | video {from, source, carries, w, h, rgba (transferred), stamp?} |
//   carries {from, ids} (when they change) | voices {from, levels: [[id, RMS]]} (a mix's voices,
//   as its mixer reported them; at most every 50 ms) |
//   buffered {bytes, kind?} (kind: a picture was handled) |
//   gaps {capture, remote} (probe mode)

import { stampOf } from './probe.js';

const KIND = { AUDIO: 0x01, CAMERA: 0x02, SCREEN: 0x03, REMOTE_AUDIO: 0x11, REMOTE_VIDEO: 0x12 };
const MAX_REMOTE_AUDIO_BYTES = 4800 * 2; // 100 ms
const MAX_REMOTE_PIXELS = 3840 * 2160;
const MAX_SEND_PIXELS = 1920 * 1080;
// A picture is skipped while more than this waits in the socket. Audio is held to a larger
// bound, so it is never the one dropped because pictures filled the queue.
const MAX_QUEUED_VIDEO_BYTES = 2 * 1024 * 1024;
const MAX_QUEUED_AUDIO_BYTES = 4 * 1024 * 1024;
const MAX_ID_CHARS = 200;
const BUFFERED_EVERY_MS = 100;
const GAPS_EVERY_MS = 500;

let probe = false;
let muted = false;
let audioOnly = false;
let ws = null;
let conn = 0;
let capturePort = null;
let playbackPort = null;
let lastBuffered = 0;
const carriesSent = new Map(); // from -> JSON of the carries last posted
const voicesSentAt = new Map(); // from -> when its mixer's voice levels were last posted
const VOICES_EVERY_MS = 50; // the mixer reports this often; posting more would repeat itself

// ---------- wire format ----------

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function binaryMessage(kind, header, payloadBytes) {
  const headerBytes = encoder.encode(JSON.stringify(header));
  const bytes = new Uint8Array(3 + headerBytes.length + payloadBytes);
  bytes[0] = kind;
  bytes[1] = headerBytes.length >> 8;
  bytes[2] = headerBytes.length & 0xff;
  bytes.set(headerBytes, 3);
  return { bytes, offset: 3 + headerBytes.length };
}

function parseBinary(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < 3) {
    return null;
  }
  const bytes = new Uint8Array(buffer);
  const headerLength = (bytes[1] << 8) | bytes[2];
  if (3 + headerLength > bytes.length) {
    return null;
  }
  let header;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(3, 3 + headerLength)));
  } catch {
    return null;
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return null;
  }
  return { kind: bytes[0], header, payload: bytes.subarray(3 + headerLength) };
}

function peerId(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS ? value : null;
}

function carriesOf(header, from) {
  const ids = Array.isArray(header.carries) ? header.carries.slice(0, 64).map(peerId).filter(Boolean) : [];
  return ids.length > 0 ? ids : [from];
}

/** A mix's voice levels as its mixer reported them ({id: RMS 0..1}), or null. */
function voiceLevelsOf(header) {
  const levels = header.levels;
  if (levels === null || typeof levels !== 'object' || Array.isArray(levels)) {
    return null;
  }
  const valid = [];
  for (const [id, level] of Object.entries(levels).slice(0, 64)) {
    if (peerId(id) && typeof level === 'number' && level >= 0 && level <= 1) {
      valid.push([id, level]);
    }
  }
  return valid;
}

let malformedSeen = false;

function malformed(what) {
  if (!malformedSeen) {
    malformedSeen = true;
    console.warn(`Starling call: dropped a malformed message from the node (${what}); later ones are dropped silently.`);
  }
}

// ---------- pictures: RGBA <-> I420, BT.601 limited range ----------

function rgbaToI420(rgba, w, h, out, offset) {
  const u0 = offset + w * h;
  const v0 = u0 + (w >> 1) * (h >> 1);
  let y = offset;
  const n = w * h * 4;
  for (let i = 0; i < n; i += 4) {
    out[y++] = ((66 * rgba[i] + 129 * rgba[i + 1] + 25 * rgba[i + 2] + 128) >> 8) + 16;
  }
  // Chroma from the average of each 2x2 block.
  const stride = w * 4;
  let c = 0;
  for (let row = 0; row < h; row += 2) {
    for (let col = 0; col < w; col += 2) {
      const a = row * stride + col * 4;
      const b = a + stride;
      const r = (rgba[a] + rgba[a + 4] + rgba[b] + rgba[b + 4] + 2) >> 2;
      const g = (rgba[a + 1] + rgba[a + 5] + rgba[b + 1] + rgba[b + 5] + 2) >> 2;
      const bl = (rgba[a + 2] + rgba[a + 6] + rgba[b + 2] + rgba[b + 6] + 2) >> 2;
      out[u0 + c] = ((-38 * r - 74 * g + 112 * bl + 128) >> 8) + 128;
      out[v0 + c] = ((112 * r - 94 * g - 18 * bl + 128) >> 8) + 128;
      c++;
    }
  }
}

/** Fills rgba (a clamped array, which does the clipping) from a w x h I420 picture. */
function i420ToRgba(src, w, h, rgba) {
  const cw = w >> 1;
  const u0 = w * h;
  const v0 = u0 + cw * (h >> 1);
  let o = 0;
  for (let row = 0; row < h; row++) {
    const luma = row * w;
    const chroma = (row >> 1) * cw;
    for (let col = 0; col < w; col++) {
      const c = 298 * (src[luma + col] - 16) + 128;
      const d = src[u0 + chroma + (col >> 1)] - 128;
      const e = src[v0 + chroma + (col >> 1)] - 128;
      rgba[o] = (c + 409 * e) >> 8;
      rgba[o + 1] = (c - 100 * d - 208 * e) >> 8;
      rgba[o + 2] = (c + 516 * d) >> 8;
      rgba[o + 3] = 255;
      o += 4;
    }
  }
}

// ---------- probe mode: gaps between successive audio messages, here in the worker ----------

const gaps = { capture: [], remote: new Map(), last: new Map() };

function noteArrival(key, list) {
  const now = performance.now();
  const last = gaps.last.get(key);
  gaps.last.set(key, now);
  if (last !== undefined) {
    list.push(now - last);
  }
}

setInterval(() => {
  if (!probe || ws === null || (gaps.capture.length === 0 && gaps.remote.size === 0)) {
    return;
  }
  postMessage({ type: 'gaps', conn, capture: gaps.capture, remote: [...gaps.remote] });
  gaps.capture = [];
  gaps.remote = new Map();
}, GAPS_EVERY_MS);

// ---------- sending ----------

function open() {
  return ws !== null && ws.readyState === WebSocket.OPEN;
}

const AUDIO_HEADER = binaryMessage(KIND.AUDIO, {}, 0).bytes;

/** One captured block (Float32, 48 kHz mono) from the capture worklet, sent as 16-bit PCM. */
function sendAudio(samples) {
  if (!(samples instanceof Float32Array)) {
    return;
  }
  if (probe) {
    noteArrival('\u0000capture', gaps.capture);
  }
  if (muted || !open() || ws.bufferedAmount > MAX_QUEUED_AUDIO_BYTES) {
    return;
  }
  const bytes = new Uint8Array(AUDIO_HEADER.length + samples.length * 2);
  bytes.set(AUDIO_HEADER);
  // The header is 5 bytes ({} plus 3): the PCM starts at an odd offset, so a DataView writes it.
  const view = new DataView(bytes.buffer, AUDIO_HEADER.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  ws.send(bytes);
}

function sendPicture(message) {
  const { kind, w, h, rgba } = message;
  const ok = message.conn === conn && open() && (kind === KIND.CAMERA || kind === KIND.SCREEN) &&
      Number.isInteger(w) && Number.isInteger(h) && w >= 2 && h >= 2 && w % 2 === 0 && h % 2 === 0 &&
      w * h <= MAX_SEND_PIXELS && rgba instanceof ArrayBuffer && rgba.byteLength >= w * h * 4;
  // The frame skip: a picture is dropped rather than queued while the socket is backed up.
  if (ok && ws.bufferedAmount <= MAX_QUEUED_VIDEO_BYTES) {
    const { bytes, offset } = binaryMessage(kind, { w, h }, (w * h * 3) / 2);
    rgbaToI420(new Uint8Array(rgba), w, h, bytes, offset);
    ws.send(bytes);
  }
  reportBuffered(kind);
}

function reportBuffered(kind) {
  const bytes = ws ? ws.bufferedAmount : 0;
  if (kind !== undefined || bytes !== lastBuffered) {
    lastBuffered = bytes;
    postMessage({ type: 'buffered', conn, bytes, kind });
  }
}

setInterval(() => {
  if (ws !== null) {
    reportBuffered();
  }
}, BUFFERED_EVERY_MS);

// ---------- receiving ----------

function onBinary(buffer) {
  const message = parseBinary(buffer);
  if (!message) {
    malformed('unparsable frame');
    return;
  }
  const from = peerId(message.header.from);
  if (!from) {
    malformed('no from');
  } else if (message.kind === KIND.REMOTE_AUDIO) {
    onRemoteAudio(from, message.header, message.payload);
  } else if (message.kind === KIND.REMOTE_VIDEO) {
    onRemoteVideo(from, message.header, message.payload);
  } else {
    malformed(`kind ${message.kind}`);
  }
}

function onRemoteAudio(from, header, payload) {
  if (payload.length === 0 || payload.length % 2 !== 0 || payload.length > MAX_REMOTE_AUDIO_BYTES) {
    malformed(`audio of ${payload.length} bytes`);
    return;
  }
  if (probe) {
    let list = gaps.remote.get(from);
    if (!list) {
      list = [];
      gaps.remote.set(from, list);
    }
    noteArrival(from, list);
  }
  const samples = new Float32Array(payload.length / 2);
  const pcm = new DataView(payload.buffer, payload.byteOffset, payload.length);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = pcm.getInt16(i * 2, true) / 0x8000;
  }
  if (playbackPort) {
    // Audio that came to the node as packets is numbered on its sender's frame clock; the
    // playback worklet plays it by that number (its own jitter buffer). Other audio has none.
    const frame = Number.isSafeInteger(header.frame) && header.frame >= 0 ? header.frame : null;
    playbackPort.postMessage({ id: from, samples, frame }, [samples.buffer]);
  }
  // The main thread needs whose voices each stream carries (levels, the speaker): only changes.
  const carries = carriesOf(header, from);
  const key = carries.join('\u0000');
  if (carriesSent.get(from) !== key) {
    carriesSent.set(from, key);
    postMessage({ type: 'carries', conn, from, ids: carries });
  }
  // Inside a mix the sound cannot tell whose voice is loud; its mixer says, every 50 ms.
  const voices = voiceLevelsOf(header);
  const now = performance.now();
  if (voices && !(now - (voicesSentAt.get(from) || -Infinity) < VOICES_EVERY_MS)) {
    voicesSentAt.set(from, now);
    postMessage({ type: 'voices', conn, from, levels: voices });
  }
}

function onRemoteVideo(from, header, payload) {
  const { w, h } = header;
  const source = header.source === 'screen' ? 'screen' : header.source === 'camera' ? 'camera' : null;
  if (!source || !Number.isInteger(w) || !Number.isInteger(h) || w < 2 || h < 2 || w % 2 || h % 2 ||
      w * h > MAX_REMOTE_PIXELS || payload.length !== (w * h * 3) / 2) {
    malformed(`video ${source} ${w}x${h} with ${payload.length} bytes`);
    return;
  }
  if (audioOnly) {
    return;
  }
  const carries = carriesOf(header, from);
  const direct = carries.length === 1 && carries[0] === from;
  const message = { type: 'video', conn, from, source, carries, w, h, rgba: null };
  if (probe && source === 'camera' && direct) {
    message.stamp = stampOf(payload, w, h); // from the I420 luma, before any conversion
  }
  const rgba = new ArrayBuffer(w * h * 4);
  i420ToRgba(payload, w, h, new Uint8ClampedArray(rgba));
  message.rgba = rgba;
  postMessage(message, [rgba]);
}

// ---------- the channel ----------

function connect(url, id) {
  disconnect(1000, 'reconnecting');
  conn = id;
  carriesSent.clear();
  voicesSentAt.clear();
  gaps.capture = [];
  gaps.remote = new Map();
  gaps.last.clear();
  lastBuffered = 0;
  let socket;
  try {
    socket = new WebSocket(url);
  } catch (e) {
    postMessage({ type: 'close', conn: id, code: 1006, reason: `cannot open the media channel (${e && e.message})` });
    return;
  }
  ws = socket;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    if (ws === socket) {
      postMessage({ type: 'open', conn: id });
    }
  };
  socket.onmessage = (event) => {
    if (ws !== socket) {
      return;
    }
    if (typeof event.data === 'string') {
      postMessage({ type: 'text', conn: id, text: event.data });
    } else {
      onBinary(event.data);
    }
  };
  socket.onclose = (event) => {
    if (ws === socket) {
      ws = null;
      carriesSent.clear();
  voicesSentAt.clear();
    }
    postMessage({ type: 'close', conn: id, code: event.code, reason: event.reason });
  };
}

function disconnect(code, reason) {
  if (ws !== null) {
    const socket = ws;
    ws = null;
    carriesSent.clear();
  voicesSentAt.clear();
    try {
      socket.close(code, reason);
    } catch {
      socket.close();
    }
  }
}

onmessage = (event) => {
  const m = event.data;
  if (!m || typeof m !== 'object') {
    return;
  }
  switch (m.type) {
    case 'init':
      probe = Boolean(m.probe);
      break;
    case 'ports':
      capturePort = m.capture;
      capturePort.onmessage = (e) => sendAudio(e.data);
      playbackPort = m.playback;
      break;
    case 'open':
      connect(m.url, m.conn);
      break;
    case 'close':
      if (m.conn === conn) {
        disconnect(m.code, m.reason);
      }
      break;
    case 'text':
      if (m.conn === conn && open()) {
        ws.send(m.text);
      }
      break;
    case 'picture':
      sendPicture(m);
      break;
    case 'muted':
      muted = Boolean(m.value);
      break;
    case 'audioOnly':
      audioOnly = Boolean(m.value);
      break;
    default:
      break;
  }
};
