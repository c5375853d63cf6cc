// deck.gl's HeatmapLayer over the benchmark's points, and the time of its recompute.
//
// Query: points (URL of little-endian Float64 lon/lat pairs, from bench_density --write-points),
// n (the first n points), width, height, longitude, latitude, zoom (bench_density's view),
// radius (radiusPixels), warmup, reps.
//
// One recompute: a new HeatmapLayer whose radiusPixels differs by 0.01 px from the last one (deck.gl
// recomputes the weights texture and its max when radiusPixels changes: it is one of the layer's
// aggregation props), applied at once (deck.setProps, layerManager.updateLayers, redraw) and timed
// to the end of a 1-pixel gl.readPixels of the canvas, which waits for the GPU (glFinish does not
// in Chromium). The points are a binary attribute uploaded once, before the timing; the recompute
// does not re-read them.
//
// window.__bench: a promise of the result object (run.mjs reads it over the DevTools protocol).
'use strict';

window.__bench = (async () => {
  const q = new URLSearchParams(location.search);
  const num = (k, d) => (q.has(k) ? Number(q.get(k)) : d);
  const n = num('n', 100000), W = num('width', 1920), H = num('height', 1080);
  const radius = num('radius', 30), warmup = num('warmup', 2), reps = num('reps', 5);
  const viewState = {longitude: num('longitude', -71.0872), latitude: num('latitude', 42.3135),
                     zoom: num('zoom', 11.63), pitch: 0, bearing: 0};

  const tLoad0 = performance.now();
  const response = await fetch(q.get('points'));
  if (!response.ok) throw new Error(`points: HTTP ${response.status}`);
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength < 16 * n) throw new Error(`points: ${buffer.byteLength / 16} in the file, ${n} asked`);
  const positions = new Float64Array(buffer, 0, 2 * n);
  const data = {length: n, attributes: {getPosition: {value: positions, size: 2}}};
  const layer = r => new deck.HeatmapLayer({id: 'heatmap', data, radiusPixels: r, getWeight: 1});

  let deckgl;
  await new Promise((resolve, reject) => {
    deckgl = new deck.Deck({
      width: W, height: H, useDevicePixels: 1,
      views: new deck.MapView({repeat: false}),
      viewState, controller: false,
      layers: [layer(radius)],
      onLoad: resolve,
      onError: e => reject(e),
    });
  });
  const gl = deckgl.device.gl;
  const pixel = new Uint8Array(4);
  const finish = () => {
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  };
  // The first frame: data upload, shaders, the first weights texture.
  deckgl.layerManager.updateLayers();
  deckgl.redraw('bench first frame');
  finish();
  const firstFrameMs = performance.now() - tLoad0;

  let r = radius;
  const recompute = () => {
    r = r === radius ? radius + 0.01 : radius;
    const t0 = performance.now();
    deckgl.setProps({layers: [layer(r)]});
    deckgl.layerManager.updateLayers();
    deckgl.redraw('bench recompute');
    const t1 = performance.now();
    finish();
    const t2 = performance.now();
    return {total: t2 - t0, submit: t1 - t0};
  };
  for (let i = 0; i < warmup; i++) recompute();
  const times = [], submits = [];
  for (let i = 0; i < reps; i++) {
    const t = recompute();
    times.push(t.total);
    submits.push(t.submit);
    await new Promise(res => setTimeout(res, 0));  // let the page breathe between recomputes (outside the timing)
  }
  const median = a => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

  // Outside the timing: did it draw? The whole frame read back, pixels with any alpha counted.
  deckgl.redraw('bench check');
  const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  const all = new Uint8Array(w * h * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, all);
  let drawn = 0, maxAlpha = 0;
  for (let i = 3; i < all.length; i += 4) { if (all[i]) drawn++; if (all[i] > maxAlpha) maxAlpha = all[i]; }

  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const heat = deckgl.layerManager.getLayers().find(l => l.id === 'heatmap');

  // Outside the timing, with profile=1: where a recompute's time goes, through the layer's own
  // (private) steps, each timed to a 1-pixel read: the max of the weights texture alone, the
  // weights texture and its max, the colour pass alone (a redraw).
  let breakdown = null;
  if (num('profile', 0) && heat) {
    const timeIt = f => { const t0 = performance.now(); f(); finish(); return performance.now() - t0; };
    const med = f => median([0, 1, 2].map(() => timeIt(f)));
    breakdown = {
      max_weight_ms: med(() => heat._updateMaxWeightValue()),
      weightmap_and_max_ms: med(() => heat._updateWeightmap()),
      redraw_ms: med(() => deckgl.redraw('bench profile')),
    };
  }
  return {
    n, width: W, height: H, radius_px: radius, warmup, reps,
    median_ms: median(times), times_ms: times, submit_median_ms: median(submits),
    first_frame_ms: firstFrameMs,
    deck_version: deck.VERSION,
    webgl2: typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext,
    renderer: debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    vendor: debug ? gl.getParameter(debug.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
    gl_version: gl.getParameter(gl.VERSION),
    drawing_buffer: [w, h], window: [innerWidth, innerHeight], device_pixel_ratio: devicePixelRatio,
    weights_texture: heat ? {format: heat.state.format, size: heat.state.textureSize} : null,
    drawn_pixels: drawn, max_alpha: maxAlpha, breakdown,
  };
})();
