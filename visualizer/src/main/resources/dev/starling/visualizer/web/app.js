// Starling live topology view.
// Rules this file keeps: every string that came from the network reaches the DOM through
// textContent (never an HTML-parsing sink); a bad event is counted and logged, never thrown; graph changes
// are applied in place inside cy.batch() once per animation frame, so a burst of stats from 50
// peers costs one redraw instead of hundreds.
'use strict';

(function () {
  const ROLES = ['mesh', 'client', 'mixer'];
  const KINDS = ['media', 'control'];
  const DEVICE_STATES = ['on', 'off', 'none'];
  // A link's path (LinkPath in the Java model): words outside these lists read as "not known".
  const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay', 'unknown'];
  const PROTOCOLS = ['udp', 'tcp'];
  const LINK_STATES = ['new', 'connecting', 'connected', 'reconnecting', 'disconnected', 'failed', 'closed'];
  const MAX_LIST = 200;
  const LABEL_CHARS = 24;

  const metrics = {
    eventsApplied: 0,
    eventsRejected: 0,
    latenciesMs: [],   // receive -> drawn, per event
    frameTimesMs: [],  // rAF-to-rAF intervals, i.e. how long each frame took to come round
    applyMs: [],       // script time to apply one batch (excludes painting and scheduling)
    lastFrame: 0,
  };

  let cy;
  let queue = [];
  let frameRequested = false;
  let relayoutTimer = null;
  let selected = null;
  const elections = [];
  // Event time ("at") of the latest stream change per element id, and for the room-wide facts.
  const changedAt = new Map();
  let rolesAt = 0;
  let leaderAt = 0;
  // Replay: while set, the graph shows the server's state at this time and live events wait.
  let replayAt = null;
  let latestAt = 0;

  // ---------- small helpers ----------

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function shorten(s, n) {
    const chars = Array.from(String(s));
    return chars.length <= n ? chars.join('') : chars.slice(0, n - 1).join('') + '…';
  }

  function time(ms) {
    const d = new Date(ms);
    return isNaN(d.getTime()) ? '' : d.toLocaleTimeString();
  }

  function fmt(n) {
    return typeof n === 'number' && isFinite(n) ? (Number.isInteger(n) ? String(n) : n.toFixed(2)) : '–';
  }

  function isStr(v) { return typeof v === 'string' && v.length > 0 && v.length <= 65536; }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function num(v) { return isNum(v) ? v : 0; }

  function device(v) { return DEVICE_STATES.includes(v) ? v : 'none'; }

  // The label's second line says only what sets a peer apart from one that simply sends:
  // a muted microphone, a camera turned off, a shared screen.
  function callNote(d) {
    const notes = [];
    if (d.audio === 'off') notes.push('mic off');
    if (d.video === 'off') notes.push('camera off');
    if (d.screen === 'on') notes.push('sharing screen');
    return notes.join(' · ');
  }

  function peerLabel(d) {
    const note = callNote(d);
    return shorten(d.name, LABEL_CHARS) + (note ? '\n' + note : '');
  }

  function prepend(list, item) {
    list.insertBefore(item, list.firstChild);
    while (list.children.length > MAX_LIST) list.removeChild(list.lastChild);
  }

  // Same encoding as the Java exports (LinkStyle): log-scale width, loss colour, red while
  // reconnecting, dotted through a TURN relay.
  function edgeWidth(d) {
    return d.kind === 'control' ? 1 : Math.min(8, 1 + Math.log2(1 + num(d.bitrateKbps) / 250));
  }
  function edgeColour(d) {
    if (d.kind === 'control') return '#9aa0a6';
    if (d.path.state === 'reconnecting') return '#c62828';
    const loss = num(d.lossPercent);
    return loss < 1 ? '#2e7d32' : loss < 5 ? '#f9a825' : '#c62828';
  }

  // ---------- graph ----------

  function createGraph() {
    cy = cytoscape({
      container: document.getElementById('cy'),
      layout: { name: 'preset' },
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: {
          'label': 'data(label)', 'text-valign': 'bottom', 'text-margin-y': 4, 'font-size': 10,
          'text-wrap': 'wrap', 'text-max-width': 140, 'width': 28, 'height': 28,
          'background-color': '#00838f', 'border-width': 1, 'border-color': '#263238' } },
        { selector: 'node[role = "client"]', style: { 'background-color': '#1565c0' } },
        { selector: 'node[role = "mixer"]', style: {
          'background-color': '#6a1b9a', 'width': 46, 'height': 46, 'shape': 'round-diamond',
          'font-weight': 'bold' } },
        { selector: 'node[?leader]', style: {
          'border-width': 6, 'border-color': '#ffb300', 'border-style': 'double',
          'label': (n) => '★ leader · ' + n.data('label'), 'font-weight': 'bold', 'color': '#8d5a00' } },
        { selector: 'node:selected', style: { 'overlay-color': '#ffb300', 'overlay-opacity': 0.25 } },
        { selector: 'edge', style: {
          'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
          'width': 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
          'opacity': 0.85 } },
        // Haystack edges are the cheapest to draw; control links need no arrow or curve.
        { selector: 'edge[kind = "control"]', style: {
          'curve-style': 'haystack', 'line-style': 'dashed', 'opacity': 0.5 } },
        { selector: 'edge[?relayed]', style: { 'line-style': 'dotted' } },
        { selector: 'edge:selected', style: { 'overlay-color': '#ffb300', 'overlay-opacity': 0.3 } },
      ],
    });
    cy.on('tap', 'node, edge', (evt) => { selected = evt.target.id(); showDetails(); });
    cy.on('tap', (evt) => { if (evt.target === cy) { selected = null; showDetails(); } });
  }

  function nodeData(n) {
    const d = {
      id: n.id, name: n.name, role: n.role, leader: !!n.leader,
      cpuPercent: num(n.cpuPercent), electionPoints: num(n.electionPoints),
      audio: device(n.audio), video: device(n.video), screen: device(n.screen),
    };
    d.label = peerLabel(d);
    return d;
  }

  function edgeData(e) {
    const d = {
      id: e.id || (e.kind + ':' + e.source + '->' + e.target), source: e.source, target: e.target,
      kind: e.kind, bitrateKbps: num(e.bitrateKbps), rttMs: num(e.rttMs), lossPercent: num(e.lossPercent),
      jitterMs: num(e.jitterMs), latencyP50Ms: num(e.latencyP50Ms), updatedAt: num(e.updatedAt || e.at),
      path: pathOf(e.path),
    };
    d.relayed = d.path.from === 'relay' || d.path.to === 'relay';
    d.width = edgeWidth(d);
    d.colour = edgeColour(d);
    return d;
  }

  function pathOf(p) {
    const word = (v, words) => (words.includes(v) ? v : '');
    const o = p && typeof p === 'object' ? p : {};
    return { from: word(o.from, CANDIDATE_TYPES), to: word(o.to, CANDIDATE_TYPES),
      protocol: word(o.protocol, PROTOCOLS), state: word(o.state, LINK_STATES) };
  }

  function route(path) {
    if (!path.from || !path.to) return 'not chosen yet';
    return path.from + ' → ' + path.to + (path.protocol ? ' (' + path.protocol + ')' : '')
      + (path.from === 'relay' || path.to === 'relay' ? ' · via TURN' : '');
  }

  // A snapshot can be older than stream events the page has already applied (the fetch races
  // the stream). Anything the stream touched after the snapshot's "at" keeps its newer state:
  // only positions are taken from such a snapshot, and removals/elections are not undone.
  function loadSnapshot(topology, animate, replay) {
    const snapAt = replay ? Infinity : isNum(topology.at) ? topology.at : 0;
    if (!replay && isNum(topology.at)) latestAt = Math.max(latestAt, topology.at);
    const newer = (id) => (changedAt.get(id) || 0) > snapAt;
    const seenNodes = new Set();
    const seenEdges = new Set();
    cy.batch(() => {
      for (const n of topology.nodes || []) {
        if (!isStr(n.id)) continue;
        const existing = cy.getElementById(n.id);
        if (existing.empty() && newer(n.id)) continue; // left after this snapshot
        seenNodes.add(n.id);
        const pos = n.position && isNum(n.position.x) && isNum(n.position.y) ? n.position : null;
        if (existing.nonempty()) {
          if (!newer(n.id)) {
            const d = nodeData(n);
            if (rolesAt > snapAt) delete d.role;
            if (leaderAt > snapAt) delete d.leader;
            existing.data(d);
          }
          if (pos) moveTo(existing, pos, animate);
        } else {
          cy.add({ group: 'nodes', data: nodeData(n), position: pos || entryPosition() });
        }
      }
      for (const e of topology.edges || []) {
        if (!isStr(e.source) || !isStr(e.target)) continue;
        const d = edgeData(e);
        if (!seenNodes.has(d.source) || !seenNodes.has(d.target)) continue;
        const existing = cy.getElementById(d.id);
        if (existing.empty() && newer(d.id)) continue; // closed after this snapshot
        seenEdges.add(d.id);
        if (existing.empty()) cy.add({ group: 'edges', data: d });
        else if (!newer(d.id)) existing.data(d);
      }
      cy.elements()
        .filter((x) => !newer(x.id()) && (x.isNode() ? !seenNodes.has(x.id()) : !seenEdges.has(x.id())))
        .remove();
    });
    if (Array.isArray(topology.elections)) {
      const local = elections.filter((ev) => ev.at > snapAt);
      elections.length = 0;
      document.getElementById('elections').replaceChildren();
      topology.elections.forEach(addElection);
      local.forEach(addElection);
    }
    updateCounts();
  }

  function moveTo(node, pos, animate) {
    const cur = node.position();
    if (Math.abs(cur.x - pos.x) < 0.5 && Math.abs(cur.y - pos.y) < 0.5) return;
    if (animate) node.animate({ position: pos }, { duration: 300 }); else node.position(pos);
  }

  // New peers appear just outside the current drawing until the server's layout arrives.
  function entryPosition() {
    const bb = cy.nodes().boundingBox();
    const r = cy.nodes().length ? Math.max(bb.w, bb.h) / 2 + 60 : 0;
    const a = Math.random() * 2 * Math.PI;
    const cx = cy.nodes().length ? bb.x1 + bb.w / 2 : 0;
    const cyy = cy.nodes().length ? bb.y1 + bb.h / 2 : 0;
    return { x: cx + r * Math.cos(a), y: cyy + r * Math.sin(a) };
  }

  // Membership and role changes move peers between rings; ask the server for its layout
  // (debounced) and glide nodes there instead of re-running a layout in the browser.
  function scheduleRelayout() {
    if (relayoutTimer) return;
    relayoutTimer = setTimeout(() => {
      relayoutTimer = null;
      fetchTopology(true).catch(() => {});
    }, 400);
  }

  async function fetchTopology(animate) {
    if (replayAt !== null) return null; // live layout must not overwrite a replayed picture
    const res = await fetch('api/topology?format=json', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error('topology HTTP ' + res.status);
    const topology = await res.json();
    if (replayAt === null) loadSnapshot(topology, animate, false);
    return topology;
  }

  // offsetSeconds <= 0, relative to the newest event seen; 0 returns to live.
  async function replay(offsetSeconds) {
    const label = document.getElementById('replay-label');
    if (!(offsetSeconds < 0)) {
      replayAt = null;
      label.textContent = 'live';
      queue = [];
      await fetchTopology(true);
      return 'live';
    }
    const at = Math.round(latestAt + offsetSeconds * 1000);
    replayAt = at;
    const s = -offsetSeconds;
    label.textContent = '−' + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0') + ' (' + time(at) + ')';
    const res = await fetch('api/topology?format=json&at=' + encodeURIComponent(at), { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error('replay HTTP ' + res.status);
    const topology = await res.json();
    if (replayAt === at) loadSnapshot(topology, true, true);
    return at;
  }

  // ---------- live events ----------

  function validate(ev) {
    if (!ev || typeof ev !== 'object') return 'not an object';
    if (!isStr(ev.type)) return 'missing type';
    if (!isNum(ev.at) || ev.at < 0) return 'missing or bad "at"';
    switch (ev.type) {
      case 'PeerJoined':
        if (!isStr(ev.peerId) || typeof ev.name !== 'string' || !ROLES.includes(ev.role)) return 'bad PeerJoined';
        return null;
      case 'PeerLeft': return isStr(ev.peerId) ? null : 'bad PeerLeft';
      case 'RoleChanged': return isStr(ev.peerId) && ROLES.includes(ev.role) ? null : 'bad RoleChanged';
      case 'LeaderChanged': return ev.peerId === null || ev.peerId === undefined || isStr(ev.peerId) ? null : 'bad LeaderChanged';
      case 'PeerMetrics': return isStr(ev.peerId) ? null : 'bad PeerMetrics';
      case 'CallStateChanged':
        return isStr(ev.peerId) && [ev.audio, ev.video, ev.screen].every((v) => DEVICE_STATES.includes(v))
          ? null : 'bad CallStateChanged';
      case 'LinkStats':
      case 'LinkClosed':
        if (!isStr(ev.from) || !isStr(ev.to)) return 'bad ' + ev.type;
        if (ev.kind !== undefined && !KINDS.includes(ev.kind)) return 'bad link kind';
        if (ev.path !== undefined && (typeof ev.path !== 'object' || ev.path === null)) return 'bad link path';
        return null;
      case 'ElectionFinished':
        if (!isNum(ev.number) || !Array.isArray(ev.mixers) || !ev.mixers.every(isStr)) return 'bad ElectionFinished';
        if (ev.assignment !== undefined && (typeof ev.assignment !== 'object' || ev.assignment === null)) return 'bad assignment';
        return null;
      default:
        return 'unknown type';
    }
  }

  function receive(raw) {
    const receivedAt = performance.now();
    let ev;
    try { ev = JSON.parse(raw); } catch (e) { reject('not JSON', raw); return; }
    const problem = validate(ev);
    if (problem) { reject(problem, raw); return; }
    latestAt = Math.max(latestAt, ev.at);
    // While replaying, live changes are not drawn; going back to live reloads the snapshot.
    if (replayAt !== null) return;
    queue.push({ ev, receivedAt });
    if (!frameRequested) { frameRequested = true; requestAnimationFrame(flush); }
  }

  function reject(reason, raw) {
    metrics.eventsRejected++;
    const li = el('li', null, 'rejected');
    li.appendChild(el('span', time(Date.now()), 'when'));
    li.appendChild(document.createTextNode('rejected event (' + reason + '): ' + shorten(String(raw), 120)));
    prepend(document.getElementById('log'), li);
  }

  function flush(now) {
    frameRequested = false;
    const batch = queue;
    queue = [];
    let relayout = false;
    const started = performance.now();
    cy.batch(() => {
      for (const { ev } of batch) {
        try {
          relayout = apply(ev) || relayout;
          metrics.eventsApplied++;
        } catch (e) {
          reject('could not apply: ' + e.message, JSON.stringify(ev));
        }
      }
    });
    metrics.applyMs.push(performance.now() - started);
    if (metrics.applyMs.length > 5000) metrics.applyMs.splice(0, 2500);
    // The batch is drawn on the next frame; measure there so latency includes rendering.
    requestAnimationFrame(() => {
      const drawn = performance.now();
      for (const { receivedAt } of batch) metrics.latenciesMs.push(drawn - receivedAt);
      if (metrics.latenciesMs.length > 5000) metrics.latenciesMs.splice(0, 2500);
      updatePerf();
    });
    if (relayout) scheduleRelayout();
    updateCounts();
    if (selected) showDetails();
  }

  // Returns true when the change needs the server's layout (membership or roles moved).
  function touch(id, at) {
    if ((changedAt.get(id) || 0) < at) changedAt.set(id, at);
    // Bounded: old entries only matter for snapshots older than a few seconds.
    if (changedAt.size > 20000) changedAt.clear();
  }

  function apply(ev) {
    switch (ev.type) {
      case 'PeerJoined': case 'PeerLeft': case 'RoleChanged': case 'PeerMetrics': case 'CallStateChanged':
        touch(ev.peerId, ev.at);
        break;
      case 'LinkStats': case 'LinkClosed':
        touch((ev.kind || 'media') + ':' + ev.from + '->' + ev.to, ev.at);
        break;
      case 'LeaderChanged':
        leaderAt = Math.max(leaderAt, ev.at);
        break;
      case 'ElectionFinished':
        rolesAt = Math.max(rolesAt, ev.at);
        break;
      default:
    }
    switch (ev.type) {
      case 'PeerJoined': {
        const n = cy.getElementById(ev.peerId);
        const data = { id: ev.peerId, name: ev.name, role: ev.role };
        if (n.nonempty()) {
          data.label = peerLabel(Object.assign({}, n.data(), data)); // a repeated join keeps the call state
          n.data(data);
        } else {
          const fresh = Object.assign({ leader: false, cpuPercent: 0, electionPoints: 0, audio: 'none', video: 'none', screen: 'none' }, data);
          fresh.label = peerLabel(fresh);
          cy.add({ group: 'nodes', data: fresh, position: entryPosition() });
        }
        return true;
      }
      case 'PeerLeft':
        cy.getElementById(ev.peerId).remove(); // removes its edges too
        return true;
      case 'RoleChanged':
        cy.getElementById(ev.peerId).data('role', ev.role);
        return true;
      case 'LeaderChanged':
        cy.nodes('[?leader]').data('leader', false);
        if (ev.peerId) cy.getElementById(ev.peerId).data('leader', true);
        return false;
      case 'PeerMetrics':
        cy.getElementById(ev.peerId).data({ cpuPercent: num(ev.cpuPercent), electionPoints: num(ev.electionPoints) });
        return false;
      case 'CallStateChanged': {
        const n = cy.getElementById(ev.peerId);
        if (n.empty()) return false;
        const call = { audio: ev.audio, video: ev.video, screen: ev.screen };
        call.label = peerLabel(Object.assign({}, n.data(), call));
        n.data(call);
        return false;
      }
      case 'LinkStats': {
        const d = edgeData({ source: ev.from, target: ev.to, kind: ev.kind || 'media', bitrateKbps: ev.bitrateKbps,
          rttMs: ev.rttMs, lossPercent: ev.lossPercent, jitterMs: ev.jitterMs, latencyP50Ms: ev.latencyP50Ms, at: ev.at,
          path: ev.path });
        const e = cy.getElementById(d.id);
        if (e.nonempty()) e.data(d);
        else if (cy.getElementById(d.source).nonempty() && cy.getElementById(d.target).nonempty()) cy.add({ group: 'edges', data: d });
        return false;
      }
      case 'LinkClosed':
        cy.getElementById((ev.kind || 'media') + ':' + ev.from + '->' + ev.to).remove();
        return false;
      case 'ElectionFinished': {
        const mixers = new Set(ev.mixers);
        const assignment = ev.assignment || {};
        cy.nodes().forEach((n) => {
          if (mixers.size === 0) n.data('role', 'mesh');
          else if (mixers.has(n.id())) n.data('role', 'mixer');
          else if (Object.prototype.hasOwnProperty.call(assignment, n.id())) n.data('role', 'client');
          // Same rule as the Java model: a mixer left out of the result is demoted.
          else if (n.data('role') === 'mixer') n.data('role', 'mesh');
        });
        addElection(ev);
        return true;
      }
      default:
        return false;
    }
  }

  function connectStream() {
    const status = document.getElementById('status');
    const source = new EventSource('api/stream');
    source.onopen = () => {
      status.textContent = 'live';
      status.className = 'status live';
      // Anything that happened while we were disconnected is only in the snapshot.
      fetchTopology(false).catch(() => {});
    };
    source.onerror = () => {
      status.textContent = 'reconnecting…';
      status.className = 'status down';
    };
    source.onmessage = (m) => receive(m.data);
    // Also accept named SSE events ("event: PeerJoined"), in case the server labels them.
    ['PeerJoined', 'PeerLeft', 'RoleChanged', 'LeaderChanged', 'PeerMetrics', 'CallStateChanged', 'LinkStats', 'LinkClosed',
      'ElectionFinished']
      .forEach((t) => source.addEventListener(t, (m) => receive(m.data)));
    let filesPending = false;
    source.addEventListener('file', () => {
      if (filesPending) return;
      filesPending = true;
      setTimeout(() => { filesPending = false; refreshFiles(); }, 250);
    });
    return source;
  }

  // ---------- panels ----------

  function addElection(ev) {
    if (!ev || !isNum(ev.number)) return;
    elections.push(ev);
    const li = el('li');
    li.appendChild(el('span', time(ev.at), 'when'));
    li.appendChild(el('strong', '#' + ev.number));
    li.appendChild(document.createTextNode(' ' + (ev.trigger ? 'trigger: ' + shorten(ev.trigger, 80) : '')));
    const mixers = Array.isArray(ev.mixers) ? ev.mixers : [];
    const names = mixers.map((id) => {
      const n = cy.getElementById(id);
      return n.nonempty() ? shorten(n.data('name'), 30) : shorten(id, 30);
    });
    li.appendChild(el('div', mixers.length ? 'mixers: ' + names.join(', ') : 'back to full mesh'));
    const clients = ev.assignment && typeof ev.assignment === 'object' ? Object.keys(ev.assignment).length : 0;
    if (clients) li.appendChild(el('div', clients + ' clients assigned', 'hint'));
    prepend(document.getElementById('elections'), li);
  }

  function showDetails() {
    const dl = document.getElementById('details');
    dl.replaceChildren();
    const ele = selected ? cy.getElementById(selected) : null;
    document.getElementById('details-hint').hidden = !!(ele && ele.nonempty());
    if (!ele || ele.empty()) return;
    const d = ele.data();
    const rows = ele.isNode()
      ? [['peer', d.name], ['id', d.id], ['role', d.role + (d.leader ? ' · leader' : '')],
         ['mic', d.audio], ['camera', d.video], ['screen', d.screen === 'on' ? 'sharing' : d.screen],
         ['cpu', fmt(d.cpuPercent) + ' %'], ['election points', fmt(d.electionPoints)],
         ['links', ele.connectedEdges('[kind = "media"]').length + ' media']]
      : [['link', nameOf(d.source) + ' → ' + nameOf(d.target)], ['kind', d.kind],
         ['bitrate', fmt(d.bitrateKbps) + ' kbps'], ['rtt', fmt(d.rttMs) + ' ms'], ['loss', fmt(d.lossPercent) + ' %'],
         ['jitter', fmt(d.jitterMs) + ' ms'], ['latency p50', fmt(d.latencyP50Ms) + ' ms'],
         ...(d.kind === 'media' ? [['path', route(d.path)], ['state', d.path.state || 'not reported']] : []),
         ['updated', time(d.updatedAt)]];
    for (const [k, v] of rows) {
      dl.appendChild(el('dt', k));
      dl.appendChild(el('dd', v));
    }
  }

  function nameOf(id) {
    const n = cy.getElementById(id);
    return shorten(n.nonempty() ? n.data('name') : id, 40);
  }

  function updateCounts() {
    const mixers = cy.nodes('[role = "mixer"]').length;
    document.getElementById('counts').textContent =
      cy.nodes().length + ' peers · ' + mixers + ' mixers · ' + cy.edges('[kind = "media"]').length + ' media links';
  }

  function percentile(values, p) {
    if (!values.length) return NaN;
    const s = values.slice().sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  }

  function updatePerf() {
    const l = metrics.latenciesMs.slice(-500);
    document.getElementById('perf').textContent = l.length
      ? 'update p50 ' + percentile(l, 0.5).toFixed(1) + ' ms · p95 ' + percentile(l, 0.95).toFixed(1) + ' ms'
      : '';
  }

  async function refreshChat() {
    try {
      const res = await fetch('api/chat', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const messages = await res.json();
      if (!Array.isArray(messages)) return;
      const list = document.getElementById('chat');
      const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
      list.replaceChildren(...messages.slice(-MAX_LIST).map((m) => {
        const li = el('li');
        li.appendChild(el('span', time(m && m.sentAt), 'when'));
        const who = el('span', shorten((m && (m.authorName || m.author)) || '?', 40), 'who');
        if (m && typeof m.author === 'string') who.title = m.author;
        li.appendChild(who);
        li.appendChild(el('span', m && m.text !== undefined ? m.text : ''));
        return li;
      }));
      if (atBottom) list.scrollTop = list.scrollHeight;
    } catch (e) { /* chat is best-effort; the next poll retries */ }
  }

  // Shared files: name, size, holders and this node's download progress (polled, and refreshed
  // at once when a "file" event arrives on the stream).
  async function refreshFiles() {
    try {
      const res = await fetch('api/files', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const body = await res.json();
      const files = body && Array.isArray(body.files) ? body.files : [];
      document.getElementById('files').replaceChildren(...files.slice(-MAX_LIST).map((f) => {
        const li = el('li');
        li.appendChild(el('strong', shorten(String(f.name || '?'), 60)));
        const mb = isNum(f.size) ? (f.size / 1e6).toFixed(1) + ' MB' : '';
        const holders = Array.isArray(f.holders) ? f.holders.length : 0;
        li.appendChild(document.createTextNode(' ' + mb + ' · ' + holders + ' holder' + (holders === 1 ? '' : 's') + ' · '));
        const d = f.download;
        let state = f.heldHere ? 'held here' : 'not here';
        if (d && !f.heldHere) {
          state = String(d.state) + ' ' + (isNum(d.percent) ? d.percent.toFixed(1) : '0') + '%'
            + (isNum(d.mbPerSecond) ? ' · ' + d.mbPerSecond.toFixed(1) + ' MB/s' : '')
            + (isNum(d.sources) ? ' · ' + d.sources + ' sources' : '');
        }
        li.appendChild(el('span', state, 'when'));
        if (d && !f.heldHere && isNum(d.percent)) {
          const bar = el('progress');
          bar.max = 100;
          bar.value = d.percent;
          li.appendChild(bar);
        }
        li.title = String(f.hash || '');
        return li;
      }));
    } catch (e) { /* best-effort, like the chat */ }
  }

  async function sendChat(event) {
    event.preventDefault();
    const input = document.getElementById('chat-text');
    const error = document.getElementById('chat-error');
    const text = input.value.trim();
    if (!text) return;
    try {
      const res = await fetch('api/chat', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }),
      });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      input.value = '';
      error.hidden = true;
      refreshChat();
    } catch (e) {
      error.textContent = 'Could not send: ' + e.message;
      error.hidden = false;
    }
  }

  async function refreshLog() {
    try {
      const res = await fetch('api/events', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const entries = await res.json();
      if (!Array.isArray(entries)) return;
      const list = document.getElementById('log');
      const rejected = Array.from(list.querySelectorAll('li.rejected')).slice(0, 20);
      list.replaceChildren(...rejected, ...entries.slice(-MAX_LIST).reverse().map(logItem));
    } catch (e) { /* best-effort, retried on the next poll */ }
  }

  function logItem(entry) {
    const li = el('li');
    if (entry && typeof entry === 'object') {
      li.appendChild(el('span', time(entry.at), 'when'));
      const rest = Object.assign({}, entry);
      delete rest.at;
      const type = typeof rest.type === 'string' ? rest.type : '';
      delete rest.type;
      li.appendChild(el('strong', shorten(type, 40)));
      // Session-log entries ({type, peer, name, at, durationMillis}) read as a sentence; anything else as JSON.
      if (typeof rest.peer === 'string') {
        const who = rest.name ? rest.name + ' (' + rest.peer + ')' : rest.peer;
        const stay = isNum(rest.durationMillis) && rest.durationMillis > 0
          ? ' after ' + (rest.durationMillis / 1000).toFixed(1) + ' s' : '';
        li.appendChild(document.createTextNode(' ' + shorten(who, 120) + stay));
      } else {
        li.appendChild(document.createTextNode(' ' + shorten(JSON.stringify(rest), 200)));
      }
    } else {
      li.textContent = shorten(String(entry), 240);
    }
    return li;
  }

  function sampleFrames(now) {
    if (metrics.lastFrame) metrics.frameTimesMs.push(now - metrics.lastFrame);
    metrics.lastFrame = now;
    if (metrics.frameTimesMs.length > 5000) metrics.frameTimesMs.splice(0, 2500);
    requestAnimationFrame(sampleFrames);
  }

  // ---------- start ----------

  function start() {
    createGraph();
    document.getElementById('chat-form').addEventListener('submit', sendChat);
    const slider = document.getElementById('replay');
    slider.addEventListener('change', () => { replay(Number(slider.value)).catch(() => {}); });
    const ready = fetchTopology(false)
      .then((t) => { cy.fit(undefined, 30); return t; })
      .catch((e) => {
        const s = document.getElementById('status');
        s.textContent = 'no topology: ' + e.message;
        s.className = 'status down';
      });
    connectStream();
    refreshChat();
    refreshLog();
    setInterval(refreshChat, 3000);
    refreshFiles();
    setInterval(refreshFiles, 2000);
    setInterval(refreshLog, 5000);
    requestAnimationFrame(sampleFrames);

    // A small, read-only handle for tests and for poking at the view from the console.
    window.starling = {
      cy,
      ready,
      replay(offsetSeconds) {
        document.getElementById('replay').value = String(Math.min(0, offsetSeconds));
        return replay(offsetSeconds);
      },
      resetMetrics() {
        metrics.latenciesMs.length = 0;
        metrics.frameTimesMs.length = 0;
        metrics.applyMs.length = 0;
        metrics.lastFrame = 0;
      },
      metrics() {
        return {
          eventsApplied: metrics.eventsApplied,
          eventsRejected: metrics.eventsRejected,
          updateLatencyP50Ms: percentile(metrics.latenciesMs, 0.5),
          updateLatencyP95Ms: percentile(metrics.latenciesMs, 0.95),
          updateLatencyMaxMs: metrics.latenciesMs.length ? Math.max(...metrics.latenciesMs) : NaN,
          frameTimeP50Ms: percentile(metrics.frameTimesMs, 0.5),
          frameTimeP95Ms: percentile(metrics.frameTimesMs, 0.95),
          frameTimeMaxMs: metrics.frameTimesMs.length ? Math.max(...metrics.frameTimesMs) : NaN,
          batchApplyP95Ms: percentile(metrics.applyMs, 0.95),
          batches: metrics.applyMs.length,
          samples: metrics.latenciesMs.length,
          frames: metrics.frameTimesMs.length,
        };
      },
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
