#!/usr/bin/env node
// Peer benchmark: deck.gl's HeatmapLayer recompute in headless Chromium (heatmap.html / heatmap.js),
// for bench/heatmap_vs_deckgl.sh.
//
//   node bench/peers/deckgl/run.mjs --points FILE --n N --width W --height H --longitude X
//        --latitude Y --zoom Z --radius R [--warmup 2] [--reps 5] [--screenshot F.png]
//        [--chromium /usr/bin/chromium] [--gl angle-egl|swiftshader]
//
// Serves the page, deck.gl's dist.min.js bundle (node_modules, `npm install` here) and the points on
// 127.0.0.1 (an ephemeral port), starts Debian's Chromium headless at W x H (device pixel ratio 1;
// WebGL2 through ANGLE on the system's EGL: Mesa llvmpipe on this machine), drives it over the
// DevTools protocol (the `ws` package) and prints the page's result as one JSON line on stdout.
// Nothing is downloaded.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import WebSocket from 'ws';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const a = {warmup: 2, reps: 5, chromium: '/usr/bin/chromium', gl: 'angle-egl', timeout: 1800};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${k}`);
    a[k.slice(2)] = argv[++i];
  }
  for (const k of ['points', 'n', 'width', 'height', 'longitude', 'latitude', 'zoom', 'radius'])
    if (a[k] === undefined) throw new Error(`--${k} is required`);
  return a;
}

function serve(points) {
  const files = {
    '/heatmap.html': [path.join(here, 'heatmap.html'), 'text/html'],
    '/heatmap.js': [path.join(here, 'heatmap.js'), 'text/javascript'],
    '/deck.gl/dist.min.js': [path.join(here, 'node_modules/deck.gl/dist.min.js'), 'text/javascript'],
    '/points.f64': [points, 'application/octet-stream'],
  };
  const server = http.createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {'Content-Type': f[1], 'Cache-Control': 'no-store'});
    fs.createReadStream(f[0]).pipe(res);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function waitForFile(file, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const s = fs.readFileSync(file, 'utf8'); if (s.includes('\n')) return s; } catch {}
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`chromium did not start (no ${file})`);
}

class Cdp {
  constructor(url) {
    this.ws = new WebSocket(url, {perMessageDeflate: false, maxPayload: 1 << 30});
    this.id = 0;
    this.pending = new Map();
    this.listeners = [];
    this.ws.on('message', m => {
      const msg = JSON.parse(m);
      if (msg.id && this.pending.has(msg.id)) {
        const {resolve, reject} = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        msg.error ? reject(new Error(`${msg.error.message} ${msg.error.data || ''}`)) : resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.listeners) l(msg);
      }
    });
    this.opened = new Promise((resolve, reject) => { this.ws.on('open', resolve); this.ws.on('error', reject); });
  }
  send(method, params = {}) {
    const id = ++this.id;
    this.ws.send(JSON.stringify({id, method, params}));
    return new Promise((resolve, reject) => this.pending.set(id, {resolve, reject}));
  }
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(here, 'node_modules/deck.gl/dist.min.js')))
    throw new Error(`no deck.gl bundle: run npm install in ${here}`);
  const server = await serve(path.resolve(a.points));
  const port = server.address().port;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gridscope-deckgl-chromium-'));
  const W = Number(a.width), H = Number(a.height);
  const gl = a.gl === 'swiftshader'
    ? ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']
    : ['--use-gl=angle', '--use-angle=gl-egl'];
  const args = [
    '--headless=new', '--no-sandbox', '--no-first-run', '--no-default-browser-check',
    `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--window-size=${W},${H}`,
    '--force-device-scale-factor=1', '--hide-scrollbars', '--mute-audio', '--disable-extensions',
    '--disable-component-update', '--disable-sync', '--disable-background-networking',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows', '--ignore-gpu-blocklist', '--enable-webgl', ...gl,
    'about:blank',
  ];
  // Its own process group: the browser and its helpers are ended together.
  const chrome = spawn(a.chromium, args, {stdio: ['ignore', 'ignore', 'pipe'], detached: true});
  const killGroup = signal => { try { process.kill(-chrome.pid, signal); } catch {} };
  let chromeErr = '';
  chrome.stderr.on('data', d => { chromeErr = (chromeErr + d).slice(-20000); });
  const killTimer = setTimeout(() => { console.error('run.mjs: timed out'); killGroup('SIGKILL'); process.exit(124); },
                               Number(a.timeout) * 1000);
  try {
    const active = await waitForFile(path.join(profile, 'DevToolsActivePort'), 60000);
    const devPort = active.split('\n')[0].trim();
    const version = await (await fetch(`http://127.0.0.1:${devPort}/json/version`)).json();
    const targets = await (await fetch(`http://127.0.0.1:${devPort}/json/list`)).json();
    const page = targets.find(t => t.type === 'page');
    if (!page) throw new Error('no page target');
    const cdp = new Cdp(page.webSocketDebuggerUrl);
    await cdp.opened;
    cdp.listeners.push(m => {
      if (m.method === 'Runtime.consoleAPICalled')
        console.error(`page ${m.params.type}: ${m.params.args.map(x => x.value ?? x.description).join(' ')}`);
      else if (m.method === 'Runtime.exceptionThrown')
        console.error(`page exception: ${JSON.stringify(m.params.exceptionDetails).slice(0, 2000)}`);
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Page.enable');
    await cdp.send('Emulation.setDeviceMetricsOverride', {width: W, height: H, deviceScaleFactor: 1, mobile: false});
    const q = new URLSearchParams({
      points: '/points.f64', n: a.n, width: W, height: H, longitude: a.longitude, latitude: a.latitude,
      zoom: a.zoom, radius: a.radius, warmup: a.warmup, reps: a.reps, profile: a.profile ?? 0});
    const loaded = new Promise(resolve => cdp.listeners.push(m => { if (m.method === 'Page.loadEventFired') resolve(); }));
    await cdp.send('Page.navigate', {url: `http://127.0.0.1:${port}/heatmap.html?${q}`});
    await loaded;
    const r = await cdp.send('Runtime.evaluate', {expression: 'window.__bench', awaitPromise: true, returnByValue: true});
    if (r.exceptionDetails) throw new Error(`page: ${JSON.stringify(r.exceptionDetails).slice(0, 2000)}`);
    const result = r.result.value;
    result.chromium = version.Browser;
    if (a.screenshot) {
      const shot = await cdp.send('Page.captureScreenshot', {format: 'png'});
      fs.writeFileSync(a.screenshot, Buffer.from(shot.data, 'base64'));
      result.screenshot = a.screenshot;
    }
    process.stdout.write(JSON.stringify(result) + '\n');
    cdp.ws.close();
  } catch (e) {
    console.error(`run.mjs: ${e.stack || e}\nchromium's stderr (tail):\n${chromeErr.slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(killTimer);
    const exited = new Promise(r => { if (chrome.exitCode !== null || chrome.signalCode) r(); else chrome.on('exit', r); });
    killGroup('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 10000))]);
    if (chrome.exitCode === null && !chrome.signalCode) { killGroup('SIGKILL'); await exited; }
    await new Promise(r => setTimeout(r, 500));
    killGroup('SIGKILL');  // helpers that outlived the browser
    server.close();
    try {
      fs.rmSync(profile, {recursive: true, force: true, maxRetries: 10, retryDelay: 300});
    } catch (e) {
      console.error(`run.mjs: left ${profile}: ${e.message}`);
    }
  }
}

main().catch(e => { console.error(`run.mjs: ${e.stack || e}`); process.exit(1); });
