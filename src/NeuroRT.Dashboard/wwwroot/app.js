'use strict';
// NeuroRT live dashboard: reads the run's server-sent events (/stream) and draws the panels on canvases.
// Read-only: the page never sends anything but the GETs for itself and the stream.
(function () {
  const token = new URLSearchParams(location.search).get('token') || '';
  // The alarm timeline spans minutes: a seizure lasts tens of seconds and the refractory period longer still.
  const KEEP_SECONDS = 10, KEEP_SCORES = 60, KEEP_ALARMS = 300;
  const COLORS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176', '#4db6ac', '#f06292'];
  const $ = (id) => document.getElementById(id);
  let meta = null, metrics = null, alarms = [], clientDropped = 0, dirty = false;
  const series = {}; // tap id -> { tap, t: [], v: [[]], bad: [], points, lost }

  const stream = new EventSource('/stream?token=' + encodeURIComponent(token));
  stream.addEventListener('meta', (e) => { meta = JSON.parse(e.data); setup(); });
  stream.addEventListener('client', (e) => { clientDropped = JSON.parse(e.data).dropped; });
  stream.onmessage = (e) => { if (meta) { ingest(JSON.parse(e.data)); dirty = true; } };
  stream.onerror = () => { $('status').textContent = 'stream closed (the run ended or the dashboard stopped)'; };

  function tapsOf(kind) { return meta.taps.filter((t) => t.kind === kind); }

  function setup() {
    $('pipeline').textContent = meta.pipeline;
    document.body.dataset.pipeline = meta.pipeline;
    for (const tap of meta.taps) series[tap.id] = { tap, t: [], v: tap.channels.map(() => []), bad: [], points: 0, lost: 0 };
    const raw = tapsOf('raw')[0], filtered = tapsOf('filtered')[0];
    describeTrace('raw', raw); describeTrace('filtered', filtered);
    const select = $('spectrum').querySelector('select');
    if (raw) {
      raw.channels.forEach((name, i) => select.add(new Option(name, i)));
      const preferred = raw.channels.findIndex((n) => /^c3/i.test(n));
      select.value = String(preferred >= 0 ? preferred : 0);
      $('spectrum').dataset.channels = raw.channels.join(',');
    } else absent('spectrum', 'no source trace');
    const scores = tapsOf('scores');
    if (scores.length) {
      const s = scores[scores.length - 1];
      $('scores').dataset.node = s.node;
      $('scores').dataset.classes = s.channels.join(',');
      $('scores').querySelector('.sub').textContent = `${s.node} (${s.stage}); ticks: the class each emitted frame commands`;
      const legend = $('scores').querySelector('.legend');
      s.channels.forEach((name, i) => {
        const span = document.createElement('span'); span.className = 'class'; span.dataset.class = name;
        const box = document.createElement('i'); box.style.background = COLORS[i % COLORS.length];
        span.append(box, name); legend.append(span);
      });
    } else absent('scores', 'no node with class-score channels is read by an output');
    const snn = tapsOf('snn')[0];
    if (snn) {
      $('snn').dataset.channels = snn.channels.join(',');
      const sel = $('snn').querySelector('select');
      snn.channels.forEach((name, i) => sel.add(new Option(name, i)));
      $('snn').querySelector('.note').textContent = meta.snnNote || '';
      $('snn').querySelector('.sub').textContent = snn.node;
    } else absent('snn', 'no snn stage in this pipeline');
    const alarm = tapsOf('alarm')[0];
    if (alarm) {
      $('alarms').dataset.channels = alarm.channels.join(',');
      const logs = (meta.alarmLogs || []).map((l) => `${l.output}: ${l.path}`).join('; ');
      $('alarms').dataset.logs = (meta.alarmLogs || []).map((l) => l.path).join(',');
      $('alarms').querySelector('.sub').textContent = `frames of ${alarm.node}, read by the seizure-alarm output; red: the alarms of this run as the alarm log holds them (${logs || 'no log'})`;
    } else absent('alarms', 'no seizure-alarm output in this pipeline');
    $('status').textContent = 'live';
  }

  function describeTrace(id, tap) {
    const panel = $(id);
    if (!tap) { absent(id, id === 'filtered' ? 'no filter stage before the window' : 'no source'); return; }
    panel.dataset.channels = tap.channels.join(',');
    panel.dataset.node = tap.node;
    panel.querySelector('.sub').textContent = `${tap.node} (${tap.stage}), ${tap.channels.length} channels, ${tap.rate} Hz shown at ${tap.displayRate.toFixed(1)} Hz, each channel scaled to its own range; red: flat or saturated`;
    panel.querySelector('canvas').height = Math.max(120, tap.channels.length * 14);
  }

  function absent(id, why) {
    const panel = $(id);
    panel.dataset.state = 'absent';
    let p = panel.querySelector('.note');
    if (!p) { p = document.createElement('p'); p.className = 'note'; panel.append(p); }
    p.textContent = why;
    panel.querySelectorAll('canvas').forEach((c) => { c.hidden = true; });
  }

  function ingest(frame) {
    for (const part of frame.taps) {
      const s = series[part.id];
      if (!s) continue;
      s.lost += part.lost;
      s.points += part.t.length;
      for (const t of part.t) s.t.push(t);
      part.v.forEach((vals, c) => { for (const v of vals) s.v[c].push(v); });
      if (part.bad) s.bad = part.bad;
      const keep = (s.tap.kind === 'raw' || s.tap.kind === 'filtered') ? KEEP_SECONDS : s.tap.kind === 'alarm' ? KEEP_ALARMS : KEEP_SCORES;
      const last = s.t.length ? s.t[s.t.length - 1] : 0;
      let cut = 0;
      while (cut < s.t.length && s.t[cut] < last - keep) cut++;
      if (cut > 0) { s.t.splice(0, cut); s.v.forEach((arr) => arr.splice(0, cut)); }
    }
    if (frame.metrics) metrics = frame.metrics;
    if (frame.alarms) alarms = frame.alarms;
  }

  function canvas2d(canvas) {
    const w = canvas.clientWidth || 600;
    if (canvas.width !== w) canvas.width = w;
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    return g;
  }

  function drawTraces(id, s) {
    const panel = $(id);
    if (!s || !s.t.length) return;
    const canvas = panel.querySelector('canvas'), g = canvas2d(canvas);
    const rows = s.v.length, h = canvas.height / rows, t1 = s.t[s.t.length - 1], t0 = t1 - KEEP_SECONDS;
    const x = (t) => (t - t0) / KEEP_SECONDS * (canvas.width - 60) + 60;
    g.font = '10px sans-serif';
    const bad = [];
    for (let c = 0; c < rows; c++) {
      const vals = s.v[c];
      let lo = Infinity, hi = -Infinity;
      for (const v of vals) if (v !== null) { if (v < lo) lo = v; if (v > hi) hi = v; }
      const flag = s.bad[c] || 0;
      if (flag) bad.push(`${s.tap.channels[c]}:${flag === 1 ? 'flat' : 'saturated'}`);
      g.fillStyle = flag ? '#ff6b6b' : '#8a96a3';
      g.fillText(s.tap.channels[c], 2, c * h + h / 2 + 3);
      const span = hi > lo ? hi - lo : 1, top = c * h + 1;
      g.strokeStyle = flag ? '#ff6b6b' : COLORS[c % 2];
      g.beginPath();
      for (let i = 0; i < vals.length; i++) {
        if (vals[i] === null) continue;
        const y = top + (h - 2) * (1 - (vals[i] - lo) / span);
        if (i === 0) g.moveTo(x(s.t[i]), y); else g.lineTo(x(s.t[i]), y);
      }
      g.stroke();
    }
    panel.dataset.bad = bad.join(',');
    panel.dataset.points = String(s.points);
    panel.dataset.state = 'live';
  }

  // Welch: Hann segments of 64 points, half overlapping, over the last 256 displayed points of one channel.
  function welch(x, rate) {
    const n = 64, hann = [], out = new Float64Array(n / 2 + 1);
    for (let i = 0; i < n; i++) hann.push(0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
    let segments = 0;
    for (let start = 0; start + n <= x.length; start += n / 2) {
      let mean = 0; for (let i = 0; i < n; i++) mean += x[start + i] || 0; mean /= n;
      for (let k = 0; k <= n / 2; k++) {
        let re = 0, im = 0;
        for (let i = 0; i < n; i++) { const v = ((x[start + i] || 0) - mean) * hann[i], a = -2 * Math.PI * k * i / n; re += v * Math.cos(a); im += v * Math.sin(a); }
        out[k] += (re * re + im * im) / rate;
      }
      segments++;
    }
    for (let k = 0; k < out.length; k++) out[k] /= Math.max(1, segments);
    return { power: out, df: rate / n, segments };
  }

  function drawSpectrum() {
    const s = tapsOf('raw').map((t) => series[t.id])[0];
    if (!s || s.t.length < 64) return;
    const panel = $('spectrum'), c = Number(panel.querySelector('select').value) || 0;
    const x = s.v[c].slice(-256), rate = s.tap.displayRate;
    const { power, df } = welch(x, rate);
    const g = canvas2d(panel.querySelector('canvas')), W = g.canvas.width, H = g.canvas.height;
    const logs = Array.from(power, (p) => Math.log10(p + 1e-12));
    const lo = Math.min(...logs), hi = Math.max(...logs), span = hi > lo ? hi - lo : 1;
    const bands = [['delta', 1, 4], ['theta', 4, 8], ['mu', 8, 13], ['beta', 13, 30], ['gamma', 30, rate / 2]];
    g.fillStyle = 'rgba(79,195,247,0.08)';
    g.fillRect(8 / (rate / 2) * W, 0, 5 / (rate / 2) * W, H);
    g.strokeStyle = '#4fc3f7'; g.beginPath();
    logs.forEach((v, k) => { const px = k / (logs.length - 1) * W, py = H - 4 - (H - 8) * (v - lo) / span; if (k) g.lineTo(px, py); else g.moveTo(px, py); });
    g.stroke();
    g.fillStyle = '#8a96a3'; g.font = '10px sans-serif'; g.fillText(`0 - ${(rate / 2).toFixed(0)} Hz, log power`, 4, 12);
    const text = bands.filter((b) => b[1] < rate / 2).map(([name, f0, f1]) => {
      let sum = 0; for (let k = 0; k < power.length; k++) if (k * df >= f0 && k * df < f1) sum += power[k] * df;
      return `${name} ${sum.toPrecision(3)}`;
    });
    panel.querySelector('.bands').textContent = text.join('  ');
    panel.querySelector('.sub').textContent = `${s.tap.channels[c]}, Welch, ${x.length} points`;
    panel.dataset.channel = s.tap.channels[c];
    panel.dataset.state = 'live';
  }

  function drawLines(canvas, s, keep, marks) {
    const g = canvas2d(canvas), W = canvas.width, H = canvas.height - (marks ? 10 : 0);
    const t1 = s.t[s.t.length - 1], t0 = t1 - keep, x = (t) => (t - t0) / keep * W;
    let lo = 0, hi = 1;
    s.v.forEach((vals) => vals.forEach((v) => { if (v !== null) { if (v < lo) lo = v; if (v > hi) hi = v; } }));
    s.v.forEach((vals, c) => {
      g.strokeStyle = COLORS[c % COLORS.length]; g.beginPath();
      vals.forEach((v, i) => { const y = H - (H - 2) * ((v ?? 0) - lo) / (hi - lo); if (i) g.lineTo(x(s.t[i]), y); else g.moveTo(x(s.t[i]), y); });
      g.stroke();
    });
    if (!marks) return g;
    for (let i = 0; i < s.t.length; i++) {
      let best = -1, bestValue = -Infinity;
      s.v.forEach((vals, c) => { if (vals[i] !== null && vals[i] > bestValue) { bestValue = vals[i]; best = c; } });
      if (best < 0) continue;
      g.fillStyle = COLORS[best % COLORS.length];
      g.fillRect(x(s.t[i]) - 1, H + 2, 2, 8);
    }
    return g;
  }

  function drawScores() {
    const tap = tapsOf('scores').slice(-1)[0];
    if (!tap) return;
    const s = series[tap.id];
    if (!s.t.length) return;
    drawLines($('scores').querySelector('canvas'), s, KEEP_SCORES, true);
    const last = s.v.map((vals) => vals[vals.length - 1]);
    const best = last.indexOf(Math.max(...last));
    $('scores').dataset.frames = String(s.points);
    $('scores').dataset.last = tap.channels[best];
    $('scores').dataset.state = 'live';
  }

  function drawSnn() {
    const tap = tapsOf('snn')[0];
    if (!tap) return;
    const s = series[tap.id];
    if (!s.t.length) return;
    const panel = $('snn'), raster = panel.querySelector('canvas.raster'), g = canvas2d(raster);
    const rows = s.v.length, W = raster.width, H = raster.height, n = s.t.length, cw = Math.max(1, W / Math.max(n, 1));
    for (let c = 0; c < rows; c++) for (let i = 0; i < n; i++) {
      const v = s.v[c][i] ?? 0;
      if (v <= 0) continue;
      g.fillStyle = `rgba(129,199,132,${Math.min(1, 0.25 + v)})`;
      g.fillRect(i * cw, c * H / rows + 1, cw, H / rows - 2);
    }
    const chosen = Number(panel.querySelector('select').value) || 0;
    drawLines(panel.querySelector('canvas.membrane'), { t: s.t, v: [s.v[chosen]] }, KEEP_SCORES, false);
    panel.dataset.frames = String(s.points);
    panel.dataset.state = 'live';
  }

  // The detector's frames over the last minutes, and on them every alarm of the run: a band from onset to offset
  // (to now while raised) and a line at the confirmation time; below, one list item per alarm, from the log.
  function drawAlarms() {
    const tap = tapsOf('alarm')[0];
    if (!tap) return;
    const s = series[tap.id];
    if (!s.t.length) return;
    const panel = $('alarms'), canvas = panel.querySelector('canvas');
    // Until 5 minutes have passed the timeline spans what there is (at least a minute), not a mostly empty canvas.
    const t1 = s.t[s.t.length - 1], span = Math.max(KEEP_SCORES, Math.min(KEEP_ALARMS, t1 - s.t[0]));
    const g = drawLines(canvas, s, span, false), W = canvas.width, H = canvas.height;
    const t0 = t1 - span, x = (t) => (t - t0) / span * W;
    const events = [], drawn = [], problems = [];
    for (const log of alarms) {
      if (log.problem) problems.push(log.problem);
      for (const a of log.events) events.push({ ...a, output: log.output });
    }
    for (const a of events) {
      const end = a.offset ?? t1;
      if (end < t0 || a.onset > t1) continue;
      g.fillStyle = 'rgba(229,115,115,0.25)';
      g.fillRect(x(a.onset), 0, Math.max(2, x(end) - x(a.onset)), H);
      g.fillStyle = '#e57373';
      g.fillRect(x(a.confirmed) - 1, 0, 2, H);
      g.font = '10px sans-serif';
      g.fillText(`#${a.seq}`, x(a.confirmed) + 3, 11);
      drawn.push(a.seq);
    }
    const list = panel.querySelector('.events');
    list.replaceChildren(...events.map((a) => {
      const li = document.createElement('li');
      li.dataset.seq = String(a.seq); li.dataset.output = a.output;
      li.dataset.onset = String(a.onset); li.dataset.confirmed = String(a.confirmed);
      if (a.offset !== undefined) li.dataset.offset = String(a.offset);
      const ended = a.offset === undefined ? 'still raised' : `ended ${a.offset.toFixed(2)} s (${(a.offset - a.onset).toFixed(2)} s)`;
      const failed = a.announceFailures ? `, ${a.announceFailures} announcement(s) failed` : '';
      li.textContent = `alarm #${a.seq} (${a.output}): onset ${a.onset.toFixed(2)} s, confirmed ${a.confirmed.toFixed(2)} s, peak ${(a.peak ?? 0).toFixed(2)}, ${ended}${failed}`;
      return li;
    }));
    const last = s.v.map((vals, c) => `${tap.channels[c]} ${(vals[vals.length - 1] ?? 0).toFixed(2)}`);
    panel.querySelector('.now').textContent = `at ${t1.toFixed(1)} s: ${last.join(', ')}; ${events.length ? `${events.length} alarm(s)` : 'no alarm yet'}${problems.length ? '; ' + problems.join('; ') : ''}`;
    panel.dataset.alarms = String(events.length);
    panel.dataset.drawn = drawn.join(',');
    panel.dataset.frames = String(s.points);
    panel.dataset.state = 'live';
  }

  const us = (v) => v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(0)} µs`;

  function drawLatency() {
    if (!metrics) return;
    const ports = metrics.ports.filter((p) => p.count > 0);
    const port = ports.find((p) => !p.dashboard && p.node !== 'source') || ports.find((p) => !p.dashboard) || ports[0];
    if (!port || !port.q) return;
    const panel = $('latency'), g = canvas2d(panel.querySelector('canvas')), W = g.canvas.width, H = g.canvas.height;
    // The histogram from the quantile curve: 2 % of the frames lie between neighbouring quantiles.
    const q = port.q.map((v) => Math.max(v, 0.1)), lo = Math.log10(q[0]), hi = Math.log10(q[q.length - 1]) + 1e-6;
    const bins = new Array(40).fill(0);
    for (let i = 0; i + 1 < q.length; i++) {
      const mid = (Math.log10(q[i]) + Math.log10(q[i + 1])) / 2;
      bins[Math.min(39, Math.floor((mid - lo) / (hi - lo || 1) * 40))] += 2;
    }
    const top = Math.max(...bins);
    g.fillStyle = '#ffb74d';
    bins.forEach((b, i) => { const h = b / top * (H - 16); g.fillRect(i * W / 40, H - 12 - h, W / 40 - 1, h); });
    g.fillStyle = '#8a96a3'; g.font = '10px sans-serif';
    g.fillText(us(q[0]), 2, H - 2); g.fillText(us(q[q.length - 1]), W - 50, H - 2);
    panel.querySelector('.sub').textContent = `output ${port.name} (node ${port.node}), ${port.count} frames, log scale`;
    panel.querySelector('.figures').textContent = `p50 ${us(port.p50)}  p99 ${us(port.p99)}  p99.9 ${us(port.p999)}  max ${us(port.max)}`;
    panel.dataset.port = port.name; panel.dataset.p50 = String(port.p50); panel.dataset.p99 = String(port.p99); panel.dataset.p999 = String(port.p999);
    panel.dataset.state = 'live';
  }

  function drawCounters() {
    if (!metrics) return;
    const m = metrics, rows = [
      ['state', m.state], ['samples in', m.samplesIn], ['samples lost (source)', m.samplesLost], ['gaps', m.gaps],
      ['ring dropped / overruns', `${m.ringDropped} / ${m.ringOverruns}`], ['ring fill', `${m.ringFill} / ${m.ringCapacity}`],
      ['display: points lost, frames dropped (all browsers), this browser', `${m.displayPointsLost}, ${m.displayFramesDropped}, ${clientDropped}`],
    ];
    if (m.lsl) rows.push([`lsl ${m.lsl.stream}: clock offset`, m.lsl.offsetMs === undefined ? 'not measured yet' : `${m.lsl.offsetMs.toFixed(3)} ms ± ${m.lsl.uncertaintyMs.toFixed(3)}`],
      [`lsl ${m.lsl.stream}: recoveries, samples lost in gaps`, `${m.lsl.recoveries}, ${m.lsl.samplesLostInGaps}`]);
    for (const p of m.ports) rows.push([`output ${p.name}: emitted / dropped / failed`, `${p.emitted} / ${p.dropped} / ${p.failures}`]);
    for (const n of m.nodes) rows.push([`stage ${n.name}: process p50 / p99`, `${us(n.p50)} / ${us(n.p99)}`]);
    const table = $('counters').querySelector('table');
    table.replaceChildren(...rows.map(([k, v]) => {
      const tr = document.createElement('tr'), a = document.createElement('td'), b = document.createElement('td');
      a.textContent = k; b.textContent = String(v); tr.append(a, b); return tr;
    }));
    $('counters').dataset.samplesIn = String(m.samplesIn);
    $('counters').dataset.state = 'live';
  }

  function frame() {
    if (dirty && meta) {
      dirty = false;
      drawTraces('raw', tapsOf('raw').map((t) => series[t.id])[0]);
      drawTraces('filtered', tapsOf('filtered').map((t) => series[t.id])[0]);
      drawSpectrum(); drawScores(); drawLatency(); drawCounters(); drawSnn(); drawAlarms();
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
