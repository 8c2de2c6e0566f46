// Starling call page: takes part in the room through this node over the media channel
// described in docs/call.md (one WebSocket, raw PCM and raw I420 both ways). The socket lives in
// a dedicated worker (media-worker.js) wired directly to the two audio worklets, so audio never
// crosses this thread; this thread captures and draws pictures and runs the page.
// Rules this file keeps: every string that came from the room reaches the DOM through
// textContent or an attribute, never an HTML-parsing sink; a malformed message from the node is
// dropped, never thrown; nothing is queued in the socket without bound.

import {
  PROBE,
  ProbeSignal,
  addGaps,
  drawStamp,
  onPlaybackDetections,
  probe,
  rendered,
} from './probe.js';

const SAMPLE_RATE = 48000;
const KIND = { CAMERA: 0x02, SCREEN: 0x03 };
const MAX_SEND = { width: 1920, height: 1080 };
// A picture is skipped while more than this waits in the socket (the worker checks again before
// sending); audio, sent by the worker alone, is held to a larger bound.
const MAX_QUEUED_VIDEO_BYTES = 2 * 1024 * 1024;
const DEFAULT_VIDEO = { width: 640, height: 360, fps: 15 };
const DEFAULT_SCREEN = { width: 1280, height: 720, fps: 5 };
const ROOM_POLL_MS = 1000;
const LINKS_POLL_MS = 2000;
const REFRESH_MS = 500;
const FRAME_STALE_MS = 2000; // a participant with no picture for this long shows initials
const MEDIA_TILE_TTL_MS = 3000; // a screen or mixed tile with no picture for this long goes
const SPEAKER_THRESHOLD = 0.02;
const SPEAKER_HOLD_MS = 800;
// A voice's level inside a mix is held like a stream's (playback-worklet.js holds 200 ms), and a
// mixer that stopped reporting (the mix went, or is no longer one) is not believed after 500 ms.
const VOICE_HOLD_MS = 200;
const VOICE_STALE_MS = 500;
const MAX_ID_CHARS = 200;
const MAX_NAME_CHARS = 80;
const STATES = new Set(['on', 'off', 'none']);
const SVG_NS = 'http://www.w3.org/2000/svg';

const CONTEXT_SINK = typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
const ELEMENT_SINK = 'setSinkId' in HTMLMediaElement.prototype;
const CAN_SHARE_SCREEN = Boolean(navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia);

const $ = (id) => document.getElementById(id);
const ui = {
  room: $('room'),
  status: $('status'),
  error: $('error'),
  errorText: $('error-text'),
  dismiss: $('dismiss'),
  tiles: $('tiles'),
  join: $('join'),
  mute: $('mute'),
  camera: $('camera'),
  screen: $('screen'),
  audioOnly: $('audio-only'),
  cameraDevice: $('camera-device'),
  micDevice: $('mic-device'),
  speakerDevice: $('speaker-device'),
};

// What the user asked for; these hold before joining too, so one can join muted.
const prefs = { muted: false, camera: true, audioOnly: false };

// The current call, or null. Holds the socket, the node's welcome and the local capture.
let call = null;

// The room as /api/room last described it.
const room = { id: '', selfId: '', selfName: '', members: new Map() };

// This node's own media links by peer id, as /api/media last described them: state and path.
let links = new Map();

// What has been received, per peer id: pictures rendered (monotonic for the page's life), and
// per audio `from` the ids its latest message carried and its level from the playback worklet.
const framesRendered = new Map();
const audioCarries = new Map();
const audioLevels = new Map();
let selfLevel = 0;
let speaker = { id: null, at: 0 };

// ---------- values from the node ----------

function peerId(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS ? value : null;
}

/** A {width, height, fps} from the welcome, made even and bounded, or the fallback. */
function captureSize(value, fallback) {
  const ok = (n, max) => Number.isFinite(n) && n >= 2 && n <= max;
  if (!value || !ok(value.width, MAX_SEND.width) || !ok(value.height, MAX_SEND.height) || !ok(value.fps, 60)) {
    return fallback;
  }
  return { width: Math.floor(value.width) & ~1, height: Math.floor(value.height) & ~1, fps: value.fps };
}

// ---------- the media worker ----------

// One for the page's life; each call's socket is a `conn` of it, and what the worker says about
// an earlier conn is ignored.
const media = new Worker('/call/media-worker.js', { type: 'module', name: 'starling-media' });
media.postMessage({ type: 'init', probe: PROBE });
let connSeq = 0;

media.onmessage = (event) => {
  const m = event.data;
  const current = call;
  if (!m || current === null || m.conn !== current.conn) {
    return;
  }
  switch (m.type) {
    case 'open':
      current.open = true;
      say('Connected; waiting for the node…');
      publishState(true);
      break;
    case 'close':
      current.open = false;
      onClosed(current, m);
      break;
    case 'text':
      onText(current, m.text);
      break;
    case 'video':
      onRemoteVideo(m);
      break;
    case 'carries':
      audioCarries.set(m.from, m.ids);
      break;
    case 'voices':
      onVoiceLevels(m.from, m.levels);
      break;
    case 'buffered':
      current.buffered = m.bytes;
      if (m.kind !== undefined && current.picturesInFlight[m.kind] > 0) {
        current.picturesInFlight[m.kind]--;
      }
      break;
    case 'gaps':
      addGaps(m.capture, m.remote);
      break;
    default:
      break;
  }
};

// ---------- sending ----------

/** Whether a picture of this kind may go: the socket is not backed up and the worker keeps up. */
function canSendPicture(kind) {
  return call !== null && call.open && call.buffered <= MAX_QUEUED_VIDEO_BYTES && !(call.picturesInFlight[kind] > 0);
}

// Timers on a hidden tab's main thread run at most once a second, which would stall a screen
// share the moment the user switches to the window being shared; a worker's timers are not
// throttled, so pictures are paced by one (the policy allows blob: workers).
const TICKER_URL = URL.createObjectURL(new Blob(
  ['let t = 0; onmessage = (e) => { clearInterval(t); t = setInterval(() => postMessage(0), e.data); };'],
  { type: 'text/javascript' }));

/**
 * Sends a video track to the node as I420 pictures of exactly size.width x size.height at
 * size.fps: the camera is cropped to fill that size, a screen is letterboxed so nothing is cut.
 */
class FramePump {
  constructor(track, kind, size, fit) {
    this.track = track;
    this.kind = kind;
    this.size = size;
    this.fit = fit;
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([track]);
    this.video.play().catch(() => {}); // a detached, muted video may play without a gesture
    this.canvas = new OffscreenCanvas(size.width, size.height);
    this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    this.ticker = new Worker(TICKER_URL);
    this.ticker.onmessage = () => this.tick();
    this.ticker.postMessage(1000 / size.fps);
  }

  tick() {
    const { video, context } = this;
    const { width: w, height: h } = this.size;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) {
      return;
    }
    if (!canSendPicture(this.kind)) {
      return; // the socket is backed up: skip this picture rather than queue it
    }
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    if (this.fit === 'cover') {
      const scale = Math.max(w / vw, h / vh);
      const sw = w / scale;
      const sh = h / scale;
      context.drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, w, h);
    } else {
      const scale = Math.min(w / vw, h / vh);
      const dw = vw * scale;
      const dh = vh * scale;
      context.fillStyle = '#000';
      context.fillRect(0, 0, w, h);
      context.drawImage(video, 0, 0, vw, vh, (w - dw) / 2, (h - dh) / 2, dw, dh);
    }
    if (PROBE && this.kind === KIND.CAMERA) {
      drawStamp(context, w, h); // the capture's wall time, in the bottom rows
    }
    // The worker converts to I420 and sends; the RGBA buffer moves there, not copied.
    const rgba = context.getImageData(0, 0, w, h).data.buffer;
    call.picturesInFlight[this.kind] = (call.picturesInFlight[this.kind] || 0) + 1;
    media.postMessage({ type: 'picture', conn: call.conn, kind: this.kind, w, h, rgba }, [rgba]);
  }

  stop() {
    this.ticker.terminate();
    this.video.srcObject = null;
    this.track.stop();
  }
}

// ---------- audio: one context for capture and playback ----------

const audio = {
  context: null,
  loaded: null,
  capture: null,
  playback: null,
  micSource: null,
  probeSignal: null,
  sinkElement: null,
  sinkId: '',

  /** Creates the context; call it synchronously in the user's gesture so it may start. */
  open() {
    if (this.loaded) {
      return this.loaded;
    }
    this.context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
    const ctx = this.context;
    this.loaded = Promise.all([
      ctx.audioWorklet.addModule('/call/capture-worklet.js'),
      ctx.audioWorklet.addModule('/call/playback-worklet.js'),
    ]).then(() => {
      // No output: the browser still runs a node that has none, and nothing is heard locally.
      this.capture = new AudioWorkletNode(ctx, 'starling-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
        processorOptions: { probe: PROBE },
      });
      // The blocks themselves go to the media worker (below); this port only gets their level.
      this.capture.port.onmessage = (event) => {
        if (event.data && typeof event.data.level === 'number') {
          selfLevel = prefs.muted || !this.micSource ? 0 : event.data.level;
        } else if (this.probeSignal && event.data && typeof event.data.calibration === 'number') {
          this.probeSignal.onDetection('calibration', null, event.data.calibration);
        }
      };
      this.playback = new AudioWorkletNode(ctx, 'starling-playback', {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: { probe: PROBE },
      });
      this.playback.port.onmessage = (event) => {
        if (Array.isArray(event.data)) {
          onLevels(event.data);
        } else if (PROBE && event.data && event.data.probe) {
          onPlaybackDetections(ctx, this.probeSignal, event.data.probe);
        }
      };
      // Audio between the worklets and the socket: straight through the worker, on ports of its own.
      const up = new MessageChannel();
      const down = new MessageChannel();
      this.capture.port.postMessage({ port: up.port1 }, [up.port1]);
      this.playback.port.postMessage({ port: down.port1 }, [down.port1]);
      media.postMessage({ type: 'ports', capture: up.port2, playback: down.port2 }, [up.port2, down.port2]);
      if (CONTEXT_SINK || !ELEMENT_SINK) {
        this.playback.connect(ctx.destination);
      } else {
        // Only media elements can choose a speaker here: play the mix through one.
        const out = ctx.createMediaStreamDestination();
        this.playback.connect(out);
        this.sinkElement = new Audio();
        this.sinkElement.srcObject = out.stream;
        this.sinkElement.play().catch(() => {});
      }
      return this.applySink();
    });
    if (ctx.state === 'suspended') {
      say('Sound is paused by the browser: click anywhere or press a key to turn it on.');
      const resume = () => ctx.resume();
      document.addEventListener('pointerdown', resume, { once: true });
      document.addEventListener('keydown', resume, { once: true });
    }
    return this.loaded;
  },

  attachMic(stream) {
    this.detachMic();
    if (PROBE) {
      // Probe mode: the generated bursts take the microphone's place in the capture path.
      if (!this.probeSignal) {
        this.probeSignal = new ProbeSignal(this.context);
      }
      this.micSource = this.probeSignal.output;
    } else {
      this.micSource = this.context.createMediaStreamSource(stream);
    }
    this.micSource.connect(this.capture);
  },

  detachMic() {
    if (this.micSource) {
      this.micSource.disconnect();
      this.micSource = null;
    }
    selfLevel = 0;
  },

  reset() {
    if (this.playback) {
      this.playback.port.postMessage({ reset: true });
    }
    audioLevels.clear();
  },

  async setSink(id) {
    this.sinkId = id;
    if (this.loaded) {
      await this.loaded;
      await this.applySink();
    }
  },

  applySink() {
    if (CONTEXT_SINK) {
      return this.context.setSinkId(this.sinkId);
    }
    return this.sinkElement ? this.sinkElement.setSinkId(this.sinkId) : Promise.resolve();
  },
};

// ---------- local capture ----------

function micConstraints() {
  return {
    deviceId: ui.micDevice.value ? { exact: ui.micDevice.value } : undefined,
    channelCount: 1,
    sampleRate: SAMPLE_RATE,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
}

function cameraConstraints(size) {
  return {
    deviceId: ui.cameraDevice.value ? { exact: ui.cameraDevice.value } : undefined,
    width: { ideal: size.width },
    height: { ideal: size.height },
    frameRate: { ideal: size.fps },
  };
}

function wantCamera() {
  return call !== null && call.welcome !== null && prefs.camera && !prefs.audioOnly;
}

function describe(error) {
  return error && error.name ? `${error.name}${error.message ? `: ${error.message}` : ''}` : String(error);
}

/**
 * Takes the microphone and, when wanted, the camera for a call that was just welcomed. Asks for
 * both at once (one permission prompt); if that fails, asks for each alone, so a missing or
 * refused device costs only its own kind.
 */
async function startCapture(current) {
  const request = ++current.cameraRequest;
  const withCamera = wantCamera();
  const media = navigator.mediaDevices;
  let audioTrack = null;
  let videoTrack = null;
  const failures = [];
  if (!media || !media.getUserMedia) {
    failures.push('this browser cannot capture media here');
  } else {
    if (withCamera) {
      try {
        const both = await media.getUserMedia({ audio: micConstraints(), video: cameraConstraints(current.welcome.video) });
        audioTrack = both.getAudioTracks()[0] || null;
        videoTrack = both.getVideoTracks()[0] || null;
      } catch {
        // One of the two may still be available: asked for separately below.
      }
    }
    if (!audioTrack) {
      try {
        audioTrack = (await media.getUserMedia({ audio: micConstraints() })).getAudioTracks()[0];
      } catch (e) {
        failures.push(`microphone unavailable (${describe(e)})`);
      }
    }
    if (withCamera && !videoTrack) {
      try {
        videoTrack = (await media.getUserMedia({ video: cameraConstraints(current.welcome.video) })).getVideoTracks()[0];
      } catch (e) {
        failures.push(`camera unavailable (${describe(e)})`);
      }
    }
  }
  if (call !== current) {
    [audioTrack, videoTrack].forEach((track) => track && track.stop());
    return;
  }
  current.micMissing = !audioTrack;
  if (audioTrack) {
    useMic(current, audioTrack);
  }
  if (videoTrack && request === current.cameraRequest && wantCamera()) {
    useCamera(current, videoTrack);
  } else if (videoTrack) {
    videoTrack.stop(); // the camera was switched while it was being asked for
  } else if (withCamera && request === current.cameraRequest) {
    current.cameraMissing = true;
  }
  if (failures.length > 0) {
    complain(`Continuing without: ${failures.join('; ')}.`);
  }
  refreshDevices();
}

function useMic(current, track) {
  if (current.mic) {
    current.mic.stop();
  }
  current.mic = track;
  track.enabled = !prefs.muted;
  track.addEventListener('ended', () => {
    if (current.mic === track) {
      current.mic = null;
      current.micMissing = true;
      audio.detachMic();
      complain('The microphone stopped (unplugged or taken away).');
      publishState();
    }
  });
  audio.attachMic(new MediaStream([track]));
}

function useCamera(current, track) {
  current.cameraMissing = false;
  current.camera = new FramePump(track, KIND.CAMERA, current.welcome.video, 'cover');
  track.addEventListener('ended', () => {
    if (current.camera && current.camera.track === track) {
      stopCamera(current);
      current.cameraMissing = true;
      complain('The camera stopped (unplugged or taken away).');
      publishState();
    }
  });
}

function stopCamera(current) {
  current.cameraRequest++; // a camera still being asked for is no longer wanted
  if (current.camera) {
    current.camera.stop();
    current.camera = null;
  }
}

/** Brings the camera in line with the preferences; restart picks up a new device choice. */
async function syncCamera(restart = false) {
  const current = call;
  if (!current || !current.welcome) {
    publishState();
    return;
  }
  if (!wantCamera() || restart) {
    stopCamera(current);
  }
  if (!wantCamera() || current.camera) {
    publishState();
    return;
  }
  const request = ++current.cameraRequest;
  let track;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(current.welcome.video) });
    track = stream.getVideoTracks()[0];
  } catch (e) {
    if (call === current && request === current.cameraRequest) {
      current.cameraMissing = true;
      complain(`Camera unavailable (${describe(e)}).`);
      publishState();
    }
    return;
  }
  if (call === current && request === current.cameraRequest && wantCamera()) {
    useCamera(current, track);
  } else {
    track.stop();
  }
  publishState();
}

async function switchMic() {
  const current = call;
  if (!current || !current.welcome) {
    return;
  }
  try {
    const track = (await navigator.mediaDevices.getUserMedia({ audio: micConstraints() })).getAudioTracks()[0];
    if (call !== current) {
      track.stop();
      return;
    }
    current.micMissing = false;
    useMic(current, track);
  } catch (e) {
    complain(`Could not switch the microphone (${describe(e)}).`);
  }
  publishState();
}

async function startScreen() {
  const current = call;
  if (!current || !current.welcome) {
    throw new Error('join the call before sharing the screen');
  }
  if (!CAN_SHARE_SCREEN) {
    throw new Error('this browser cannot share a screen');
  }
  if (current.screen) {
    return;
  }
  const size = current.welcome.screen;
  const stream = await navigator.mediaDevices.getDisplayMedia({
    video: { width: { ideal: size.width }, height: { ideal: size.height }, frameRate: { ideal: size.fps } },
    audio: false,
  });
  const track = stream.getVideoTracks()[0];
  if (call !== current || current.screen || !track) {
    stream.getTracks().forEach((t) => t.stop());
    return;
  }
  current.screen = new FramePump(track, KIND.SCREEN, size, 'contain');
  // Stopped from the browser's own "stop sharing" bar.
  track.addEventListener('ended', () => {
    if (current.screen && current.screen.track === track) {
      stopScreen();
    }
  });
  publishState();
}

function stopScreen() {
  if (call && call.screen) {
    call.screen.stop();
    call.screen = null;
    publishState();
  }
}

/** This page's own state, as sent to the node. */
function selfState() {
  const current = call;
  const live = current !== null && current.welcome !== null;
  let video = 'off';
  if (live && current.camera) {
    video = 'on';
  } else if (live && current.cameraMissing) {
    video = 'none';
  }
  return {
    audio: live && current.micMissing ? 'none' : live && current.mic && !prefs.muted ? 'on' : 'off',
    video,
    screen: !CAN_SHARE_SCREEN ? 'none' : live && current.screen ? 'on' : 'off',
  };
}

/** Sends the state when it changed (or always, when forced) and redraws what depends on it. */
function publishState(force = false) {
  const state = JSON.stringify({ type: 'state', ...selfState() });
  if (call && call.open && (force || state !== call.sentState)) {
    media.postMessage({ type: 'text', conn: call.conn, text: state });
    call.sentState = state;
  }
  renderControls();
  renderSelf();
}

// ---------- the call ----------

function mediaUrl() {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/call/media`;
}

/** Joins the call; the promise settles once the node has welcomed the page and capture began. */
function join() {
  if (call) {
    return call.ready;
  }
  let audioReady;
  try {
    audioReady = audio.open();
  } catch (e) {
    audioReady = Promise.reject(e);
  }
  const current = {
    conn: ++connSeq,
    open: false,
    buffered: 0,
    picturesInFlight: {},
    welcome: null,
    closing: null,
    isReady: false,
    sentState: null,
    mic: null,
    micMissing: false,
    camera: null,
    cameraMissing: false,
    cameraRequest: 0,
    screen: null,
    audioReady,
  };
  current.ready = new Promise((resolve, reject) => {
    current.resolve = resolve;
    current.reject = reject;
  });
  current.ready.catch(() => {}); // a caller that does not wait must not see an unhandled rejection
  call = current;
  media.postMessage({ type: 'open', conn: current.conn, url: mediaUrl() });
  clearError();
  say('Connecting…');
  renderControls();
  return current.ready;
}

function leave() {
  const current = call;
  if (!current) {
    return;
  }
  teardown();
  media.postMessage({ type: 'close', conn: current.conn, code: 1000, reason: 'left' });
  current.reject(new Error('left the call'));
  say('You left the call.');
}

/** Ends the local side of the call: all tracks stopped, remote media cleared. */
function teardown() {
  const current = call;
  call = null;
  if (current.mic) {
    current.mic.stop();
  }
  audio.detachMic();
  stopCamera(current);
  if (current.screen) {
    current.screen.stop();
  }
  audio.reset();
  audioCarries.clear();
  voiceReports.clear();
  speaker = { id: null, at: 0 };
  onLevels([]);
  for (const tile of mediaTiles.values()) {
    tile.el.remove();
  }
  mediaTiles.clear();
  for (const tile of participantTiles.values()) {
    tile.lastFrameAt = 0;
  }
  ui.room.textContent = room.id ? `Room ${room.id}` : '';
  publishState();
  refreshTiles();
}

function onClosed(current, event) {
  if (call !== current) {
    return; // we left: already handled
  }
  teardown();
  let why = current.closing || event.reason;
  if (!why) {
    why = current.welcome ? 'the connection to the node was lost' : 'could not connect to the node';
  }
  complain(`Disconnected: ${why} (code ${event.code}).`);
  say('Not in the call.');
  current.reject(new Error(why));
}

function onText(current, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return;
  }
  if (message === null || typeof message !== 'object') {
    return;
  }
  const note = (value) => (typeof value === 'string' ? value.slice(0, 500) : 'no reason given');
  if (message.type === 'welcome') {
    onWelcome(current, message);
  } else if (message.type === 'error') {
    complain(`The node refused a message: ${note(message.message)}`);
  } else if (message.type === 'closing') {
    current.closing = note(message.reason);
  }
}

async function onWelcome(current, message) {
  if (current.welcome) {
    return;
  }
  const self = message.self && typeof message.self === 'object' ? message.self : {};
  current.welcome = {
    selfId: peerId(self.id) || '',
    room: typeof message.room === 'string' ? message.room : '',
    mode: typeof message.mode === 'string' ? message.mode : '',
    video: captureSize(message.video, DEFAULT_VIDEO),
    screen: captureSize(message.screen, DEFAULT_SCREEN),
  };
  if (!room.selfId) {
    room.selfId = current.welcome.selfId;
  }
  const where = current.welcome.room || room.id;
  ui.room.textContent = `${where ? `Room ${where}` : ''}${current.welcome.mode ? ` · ${current.welcome.mode}` : ''}`;
  try {
    await current.audioReady;
  } catch (e) {
    complain(`Sound is unavailable (${describe(e)}).`);
  }
  if (call !== current) {
    return;
  }
  if (audio.capture) {
    await startCapture(current);
  } else {
    current.micMissing = true;
  }
  if (call !== current) {
    return;
  }
  current.isReady = true;
  current.resolve();
  say('In the call.');
  publishState();
  refreshTiles();
}

// ---------- receiving ----------

/** A picture from the worker, already RGBA: only drawn here. */
function onRemoteVideo({ from, source, carries, w, h, rgba, stamp }) {
  if (prefs.audioOnly) {
    return;
  }
  const direct = carries.length === 1 && carries[0] === from;
  // A peer's own camera shows in its participant tile (none until /api/room lists it);
  // a screen or a composite gets a tile of its own.
  const tile = source === 'camera' && direct ? participantTiles.get(from) : mediaTile(from, source, carries);
  if (!tile) {
    return;
  }
  tile.draw(rgba, w, h);
  if (stamp !== undefined) {
    rendered(from, stamp);
  }
  for (const id of carries) {
    framesRendered.set(id, (framesRendered.get(id) || 0) + 1);
  }
}

function onLevels(levels) {
  if (!Array.isArray(levels)) {
    return;
  }
  audioLevels.clear();
  for (const [from, level] of levels) {
    audioLevels.set(from, level);
  }
  updateSpeaker();
  for (const [id, tile] of participantTiles) {
    tile.setLevel(id === SELF ? selfLevel : levelOf(id));
  }
}

/** A mix's voice levels as its mixer reported them: from -> [{at, levels: Map id -> RMS}], newest last. */
const voiceReports = new Map();

function onVoiceLevels(from, levels) {
  if (!Array.isArray(levels)) {
    return;
  }
  const now = performance.now();
  const reports = (voiceReports.get(from) || []).filter((r) => now - r.at < VOICE_HOLD_MS);
  reports.push({ at: now, levels: new Map(levels) });
  voiceReports.set(from, reports);
}

/**
 * The level of a voice inside the mix from {@code from}, held like a stream's level (the loudest
 * report of the last VOICE_HOLD_MS), or undefined when its mixer reported nothing lately.
 */
function voiceLevelIn(from, id) {
  const reports = voiceReports.get(from);
  const now = performance.now();
  if (!reports || reports.length === 0 || now - reports[reports.length - 1].at > VOICE_STALE_MS) {
    return undefined;
  }
  let level = 0;
  for (const report of reports) {
    if (now - report.at < VOICE_HOLD_MS) {
      level = Math.max(level, report.levels.get(id) || 0);
    }
  }
  return level;
}

/**
 * The level of a peer's voice: from its own stream, or from a mix that carries it, where the
 * mixer's report on each voice stands for the mix as a whole when there is one.
 */
function levelOf(id) {
  let level = 0;
  for (const [from, value] of audioLevels) {
    const carries = audioCarries.get(from) || [from];
    if (carries.includes(id)) {
      const inMix = from === id ? undefined : voiceLevelIn(from, id);
      level = Math.max(level, inMix === undefined ? value : Math.min(value, inMix));
    }
  }
  return level;
}

/** Highlights the loudest remote above the threshold; a mix without its mixer's report names nobody. */
function updateSpeaker() {
  let best = null;
  let bestLevel = SPEAKER_THRESHOLD;
  for (const [from, value] of audioLevels) {
    const voices = (audioCarries.get(from) || [from]).filter((id) => id !== room.selfId);
    for (const id of voices) {
      const inMix = from === id ? undefined : voiceLevelIn(from, id);
      const level = inMix === undefined ? (voices.length === 1 ? value : 0) : Math.min(value, inMix);
      if (level > bestLevel && participantTiles.has(id)) {
        best = id;
        bestLevel = level;
      }
    }
  }
  const now = performance.now();
  if (best) {
    speaker = { id: best, at: now };
  } else if (speaker.id && now - speaker.at > SPEAKER_HOLD_MS) {
    speaker = { id: null, at: now };
  }
  for (const [id, tile] of participantTiles) {
    tile.el.classList.toggle('speaking', id === speaker.id);
  }
}

// ---------- tiles ----------

/**
 * Participant tiles by peer id, this page's under SELF (a symbol, so no peer id can name it), and
 * screen or mixed tiles by from|source.
 */
const SELF = Symbol('self');
const participantTiles = new Map();
const mediaTiles = new Map();

function short(text) {
  return text.length > MAX_NAME_CHARS ? `${text.slice(0, MAX_NAME_CHARS - 1)}…` : text;
}

/** The first letter or digit of the first two words that have one; '?' when none has. */
function initials(name) {
  const letters = name.split(/\s+/).map((word) => word.match(/[\p{L}\p{N}]/u)).filter(Boolean).slice(0, 2);
  return letters.length > 0 ? letters.join('').toUpperCase() : '?';
}

function icon(name) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

const BADGES = {
  audio: { on: ['mic', 'Microphone on'], off: ['mic-off', 'Microphone off'], none: ['mic-off', 'No microphone'] },
  video: { on: ['cam', 'Camera on'], off: ['cam-off', 'Camera off'], none: ['cam-off', 'No camera'] },
  screen: { on: ['screen', 'Sharing the screen'] },
};

/** An icon with its words (read out, and shown as a tooltip); hidden when the state is unknown. */
class Badge {
  constructor(kind) {
    this.kind = kind;
    this.el = element('span', 'badge');
    this.icon = icon('mic');
    this.text = element('span', 'sr-only');
    this.el.append(this.icon, this.text);
    this.el.hidden = true;
    this.state = null;
  }

  set(state) {
    if (state === this.state) {
      return;
    }
    this.state = state;
    const look = BADGES[this.kind][state];
    this.el.hidden = !look;
    if (look) {
      this.icon.firstChild.setAttribute('href', `#i-${look[0]}`);
      this.text.textContent = look[1];
      this.el.title = look[1];
      this.el.dataset.state = state;
    }
  }
}

/** One tile: a picture (canvas, or the local preview) or initials, a caption and a level bar. */
class Tile {
  constructor(kind) {
    this.el = element('li', `tile ${kind}`);
    this.stage = element('div', 'stage');
    this.placeholder = element('div', 'placeholder');
    this.placeholder.setAttribute('aria-hidden', 'true');
    this.picture = kind === 'self' ? element('video') : element('canvas');
    this.picture.hidden = true;
    this.stage.append(this.picture, this.placeholder);
    this.name = element('span', 'name');
    this.detail = element('span', 'detail');
    this.badges = { audio: new Badge('audio'), video: new Badge('video'), screen: new Badge('screen') };
    const caption = element('div', 'caption');
    const badges = element('span', 'badges');
    badges.append(this.badges.audio.el, this.badges.video.el, this.badges.screen.el);
    caption.append(this.name, this.detail, badges);
    this.level = element('div', 'level');
    this.level.setAttribute('aria-hidden', 'true');
    this.el.append(this.stage, caption, this.level);
    this.lastFrameAt = 0;
    this.context = null;
  }

  setName(name, initialsOf) {
    if (this.name.textContent !== name) {
      this.name.textContent = name;
      this.el.setAttribute('aria-label', name);
    }
    const letters = initials(initialsOf);
    if (this.placeholder.textContent !== letters) {
      this.placeholder.textContent = letters;
    }
  }

  setDetail(text) {
    if (this.detail.textContent !== text) {
      this.detail.textContent = text;
    }
  }

  /** The node's direct link to this participant: dimmed while reconnecting, its path on hover. */
  setLink(link) {
    this.el.classList.toggle('reconnecting', link !== undefined && link.state === 'reconnecting');
    const title = link === undefined ? '' : `Link ${link.state}${link.path ? `, ${link.path}` : ''}`;
    if (this.el.title !== title) {
      this.el.title = title;
    }
  }

  setStates(state) {
    for (const kind of ['audio', 'video', 'screen']) {
      this.badges[kind].set(state[kind]);
    }
  }

  /** Draws a w x h RGBA picture (an ArrayBuffer from the media worker). */
  draw(rgba, w, h) {
    const canvas = this.picture;
    if (!this.context || canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      this.context = canvas.getContext('2d');
    }
    this.context.putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
    this.lastFrameAt = performance.now();
  }

  showPicture(show) {
    if (this.picture.hidden === show) {
      this.picture.hidden = !show;
      this.placeholder.hidden = show;
    }
  }

  setLevel(level) {
    this.level.style.setProperty('--level', Math.min(1, Math.sqrt(level) * 2).toFixed(2));
  }
}

function nameOf(id) {
  if (id === room.selfId) {
    return 'You';
  }
  const member = room.members.get(id);
  return member && member.name ? member.name : id;
}

/** The tile of a screen or of a composite picture (created on its first), labelled by whom it carries. */
function mediaTile(from, source, carries) {
  const key = `${from}|${source}`;
  let tile = mediaTiles.get(key);
  if (!tile) {
    tile = new Tile(source === 'screen' ? 'screen' : 'mixed');
    mediaTiles.set(key, tile);
    ui.tiles.append(tile.el);
    tile.showPicture(true);
  }
  const names = carries.map((id) => short(nameOf(id)));
  if (source === 'screen') {
    tile.setName(`Screen · ${names.join(', ')}`, names.join(' '));
    tile.setDetail(carries.includes(from) ? '' : `via ${short(nameOf(from))}`);
  } else {
    tile.setName('Mixed video', 'Mixed video');
    tile.setDetail(names.join(', '));
  }
  return tile;
}

function renderSelf() {
  const tile = participantTiles.get(SELF);
  if (!tile) {
    return;
  }
  const state = selfState();
  tile.setStates(state);
  const camera = call && call.camera;
  const stream = camera ? camera.video.srcObject : null;
  if (tile.picture.srcObject !== stream) {
    tile.picture.srcObject = stream;
    tile.picture.muted = true;
    tile.picture.playsInline = true;
    if (stream) {
      tile.picture.play().catch(() => {});
    }
  }
  tile.showPicture(Boolean(stream));
}

/** Participant tiles follow the room: this page first, then the others in the room's order. */
function renderRoster() {
  const wanted = [SELF];
  for (const id of room.members.keys()) {
    if (id !== room.selfId) {
      wanted.push(id);
    }
  }
  for (const [id, tile] of participantTiles) {
    if (!wanted.includes(id)) {
      tile.el.remove();
      participantTiles.delete(id);
    }
  }
  let previous = null;
  for (const id of wanted) {
    let tile = participantTiles.get(id);
    if (!tile) {
      tile = new Tile(id === SELF ? 'self' : 'remote');
      participantTiles.set(id, tile);
    }
    if (id === SELF) {
      tile.setName('You', room.selfName || 'You');
    } else {
      const member = room.members.get(id);
      const name = short(member.name || id);
      tile.setName(name, member.name || id);
      const link = links.get(id);
      const reconnecting = link !== undefined && link.state === 'reconnecting';
      tile.setDetail((member.leader ? `${member.role} · leader` : member.role) + (reconnecting ? ' · reconnecting…' : ''));
      tile.setLink(link);
      tile.setStates(member);
    }
    // Keep DOM order without touching tiles already in place.
    const expected = previous ? previous.nextElementSibling : ui.tiles.firstElementChild;
    if (expected !== tile.el) {
      ui.tiles.insertBefore(tile.el, expected);
    }
    previous = tile.el;
  }
  renderSelf();
  refreshTiles();
}

/** Shows pictures or initials, and retires screen and mixed tiles whose pictures stopped. */
function refreshTiles() {
  const now = performance.now();
  const showVideo = call !== null && !prefs.audioOnly;
  for (const [id, tile] of participantTiles) {
    if (id !== SELF) {
      const member = room.members.get(id);
      const off = member && (member.video === 'off' || member.video === 'none');
      tile.showPicture(showVideo && !off && now - tile.lastFrameAt < FRAME_STALE_MS);
    }
  }
  for (const [key, tile] of mediaTiles) {
    // By pictures, not by the gossiped screen state: that lags a second behind, and going by it
    // would drop and re-create a tile whose pictures are still arriving.
    if (!showVideo || now - tile.lastFrameAt > MEDIA_TILE_TTL_MS) {
      tile.el.remove();
      mediaTiles.delete(key);
    }
  }
}

// ---------- the room ----------

let roomUnreachable = false;

function stateOf(value) {
  return STATES.has(value) ? value : null;
}

function applyRoom(body) {
  if (!body || typeof body !== 'object' || !Array.isArray(body.members)) {
    throw new Error('unexpected answer');
  }
  const self = body.self && typeof body.self === 'object' ? body.self : {};
  room.id = typeof body.room === 'string' ? body.room : '';
  room.selfId = peerId(self.id) || room.selfId;
  room.selfName = typeof self.name === 'string' ? self.name : '';
  room.members = new Map();
  for (const m of body.members) {
    const id = m && peerId(m.id);
    if (id && !room.members.has(id)) {
      room.members.set(id, {
        id,
        name: typeof m.name === 'string' ? m.name : '',
        role: typeof m.role === 'string' ? m.role : '',
        leader: m.leader === true,
        audio: stateOf(m.audio),
        video: stateOf(m.video),
        screen: stateOf(m.screen),
      });
    }
  }
  if (!ui.room.textContent && room.id) {
    ui.room.textContent = `Room ${room.id}`;
  }
  renderRoster();
}

async function pollRoom() {
  try {
    const response = await fetch('/api/room', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    applyRoom(await response.json());
    roomUnreachable = false;
  } catch (e) {
    if (!roomUnreachable) {
      complain(`Cannot read the room from the node (${e.message}).`);
    }
    roomUnreachable = true;
  } finally {
    setTimeout(pollRoom, ROOM_POLL_MS);
  }
}

const ICE_TYPES = new Set(['host', 'srflx', 'prflx', 'relay']);
const LINK_STATES = new Set(['new', 'connecting', 'connected', 'reconnecting', 'disconnected', 'failed', 'closed']);

function applyLinks(body) {
  const next = new Map();
  for (const l of body && Array.isArray(body.links) ? body.links : []) {
    const id = l && peerId(l.peer);
    if (!id || !LINK_STATES.has(l.state)) {
      continue;
    }
    const ice = l.ice && typeof l.ice === 'object' ? l.ice : {};
    const path = ICE_TYPES.has(ice.local) && ICE_TYPES.has(ice.remote)
      ? `${ice.local} → ${ice.remote}${ice.local === 'relay' || ice.remote === 'relay' ? ' via TURN' : ''}`
      : '';
    next.set(id, { state: l.state, path });
  }
  links = next;
  renderRoster();
}

async function pollLinks() {
  try {
    const response = await fetch('/api/media', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.ok) {
      applyLinks(await response.json());
    }
  } catch (e) {
    // pollRoom already tells the user when the node cannot be reached.
  } finally {
    setTimeout(pollLinks, LINKS_POLL_MS);
  }
}

// ---------- controls ----------

function say(text) {
  ui.status.textContent = text;
}

function complain(text) {
  ui.errorText.textContent = text;
  ui.error.hidden = false;
}

function clearError() {
  ui.errorText.textContent = '';
  ui.error.hidden = true;
}

function setLabel(button, text, iconName) {
  button.querySelector('.label').textContent = text;
  if (iconName) {
    button.querySelector('use').setAttribute('href', `#i-${iconName}`);
  }
}

function renderControls() {
  const inCall = call !== null;
  const live = inCall && call.welcome !== null;
  setLabel(ui.join, inCall ? 'Leave' : 'Join');
  ui.join.classList.toggle('leave', inCall);
  ui.mute.setAttribute('aria-pressed', String(prefs.muted));
  setLabel(ui.mute, 'Mute', prefs.muted ? 'mic-off' : 'mic');
  ui.camera.setAttribute('aria-pressed', String(prefs.camera && !prefs.audioOnly));
  setLabel(ui.camera, 'Camera', prefs.camera && !prefs.audioOnly ? 'cam' : 'cam-off');
  ui.camera.disabled = prefs.audioOnly;
  ui.camera.title = prefs.audioOnly ? 'The camera stays off in audio-only mode' : 'Send your camera (V)';
  ui.audioOnly.setAttribute('aria-pressed', String(prefs.audioOnly));
  ui.screen.setAttribute('aria-pressed', String(Boolean(live && call.screen)));
  ui.screen.disabled = !live || !CAN_SHARE_SCREEN;
  if (!CAN_SHARE_SCREEN) {
    ui.screen.title = 'This browser cannot share a screen';
  }
  ui.cameraDevice.disabled = prefs.audioOnly;
}

function setMuted(muted) {
  prefs.muted = Boolean(muted);
  media.postMessage({ type: 'muted', value: prefs.muted });
  if (prefs.muted) {
    selfLevel = 0;
  }
  if (call && call.mic) {
    call.mic.enabled = !prefs.muted;
  }
  publishState();
}

function setCamera(on) {
  prefs.camera = Boolean(on);
  return syncCamera();
}

function setAudioOnly(on) {
  prefs.audioOnly = Boolean(on);
  media.postMessage({ type: 'audioOnly', value: prefs.audioOnly });
  refreshTiles();
  return syncCamera();
}

function toggleScreen() {
  if (call && call.screen) {
    stopScreen();
  } else {
    startScreen().catch((e) => complain(`Screen sharing did not start (${describe(e)}).`));
  }
}

function fillDevices(select, devices, noun) {
  const previous = select.value;
  const options = [element('option', '', 'Default')];
  options[0].value = '';
  let n = 0;
  for (const device of devices) {
    // Chromium lists the default device a second time under the id "default".
    if (!device.deviceId || device.deviceId === 'default') {
      continue;
    }
    n++;
    const option = element('option', '', device.label || `${noun} ${n}`);
    option.value = device.deviceId;
    options.push(option);
  }
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === previous) ? previous : '';
}

async function refreshDevices() {
  const media = navigator.mediaDevices;
  if (!media || !media.enumerateDevices) {
    for (const select of [ui.cameraDevice, ui.micDevice, ui.speakerDevice]) {
      select.disabled = true;
      select.title = 'This browser does not list devices here';
    }
    return;
  }
  let devices;
  try {
    devices = await media.enumerateDevices();
  } catch {
    return; // keep the lists as they are; the next device change asks again
  }
  fillDevices(ui.cameraDevice, devices.filter((d) => d.kind === 'videoinput'), 'Camera');
  fillDevices(ui.micDevice, devices.filter((d) => d.kind === 'audioinput'), 'Microphone');
  fillDevices(ui.speakerDevice, devices.filter((d) => d.kind === 'audiooutput'), 'Speaker');
  if (!CONTEXT_SINK && !ELEMENT_SINK) {
    ui.speakerDevice.disabled = true;
    ui.speakerDevice.title = 'This browser cannot choose the speaker; sound plays on the system default';
  }
}

function wireControls() {
  ui.join.addEventListener('click', () => {
    if (call) {
      leave();
    } else {
      join().catch(() => {}); // failures are shown in the page
    }
  });
  ui.dismiss.addEventListener('click', clearError);
  ui.mute.addEventListener('click', () => setMuted(!prefs.muted));
  ui.camera.addEventListener('click', () => setCamera(!prefs.camera));
  ui.screen.addEventListener('click', toggleScreen);
  ui.audioOnly.addEventListener('click', () => setAudioOnly(!prefs.audioOnly));
  ui.cameraDevice.addEventListener('change', () => syncCamera(true));
  ui.micDevice.addEventListener('change', switchMic);
  ui.speakerDevice.addEventListener('change', () => {
    audio.setSink(ui.speakerDevice.value).catch((e) => complain(`Could not switch the speaker (${describe(e)}).`));
  });
  if (navigator.mediaDevices) {
    navigator.mediaDevices.addEventListener('devicechange', refreshDevices);
  }
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    if (event.target instanceof Element && event.target.closest('input, select, textarea, [contenteditable]')) {
      return;
    }
    const key = event.key.toLowerCase();
    if (key === 'm') {
      setMuted(!prefs.muted);
    } else if (key === 'v' && !prefs.audioOnly) {
      setCamera(!prefs.camera);
    } else if (key === 's' && !ui.screen.disabled) {
      toggleScreen();
    }
  });
}

// ---------- automation hook ----------

function stats() {
  const remotes = [];
  for (const member of room.members.values()) {
    if (member.id === room.selfId) {
      continue;
    }
    remotes.push({
      id: member.id,
      name: member.name,
      videoFramesDecoded: framesRendered.get(member.id) || 0,
      audioLevel: levelOf(member.id),
      audio: member.audio,
      video: member.video,
      screen: member.screen,
    });
  }
  return { self: selfState(), remotes };
}

window.starling = Object.freeze({
  stats,
  /** Probe mode's page-to-page latencies (see probe.js); probe({reset: true}) clears them. */
  probe,
  join,
  leave,
  setMuted,
  setCamera,
  startScreen,
  stopScreen,
  /** True once the node welcomed this page and capture has begun; false out of a call. */
  get ready() {
    return call !== null && call.isReady;
  },
});

// ---------- start ----------

wireControls();
renderRoster();
renderControls();
refreshDevices();
pollRoom();
pollLinks();
setInterval(refreshTiles, REFRESH_MS);
if (new URLSearchParams(location.search).get('autojoin') === '1') {
  join().catch(() => {});
}
