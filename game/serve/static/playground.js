// Draw a digit in the page and watch the shipped model guess it.
//
// A small JavaScript port of three pieces of the library, so the page reads exactly what
// the game reads (the tests hold the two equal to 1e-5 in a real browser):
//   Drawing        softmax_from_scratch/drawing.py  the 560 x 560 ink buffer and the round pen
//   canvasToInput  softmax_from_scratch/views.py    ink -> the model's views, area averaged
//   probabilities  softmax_from_scratch/network.py  softmax(relu(x W1 + b1) W2 + b2)
//                  softmax_from_scratch/model.py    softmax(x W + b), for a linear model
// The weights come from js/model.js, written by `python -m docs.make_figures`.
"use strict";

(() => {
  // The library's constants, as js/model.js carries them (one source of truth: Python).
  const { canvas: CANVAS, pen_width: PEN_WIDTH, field: FIELD, box: BOX, stretched: STRETCHED }
    = window.SHIPPED_MODEL.constants;
  // numpy compares float32 pixels with float32(0.1)
  const INK = Math.fround(window.SHIPPED_MODEL.constants.ink);

  // ----- drawing.py: the pen -------------------------------------------------------------

  // Ink of a round pen of `radius` along the segment start -> end (each [x, y]), at the
  // pixel centre (x, y): 1 inside, 0 outside, a one-pixel ramp at the edge (segment_ink).
  // Points are (x, y), x to the right and y down, as everywhere (strokes.py).
  function segmentInk(x, y, start, end, radius) {
    const dx = end[0] - start[0];
    const dy = end[1] - start[1];
    const squared = Math.max(dx * dx + dy * dy, 1e-12);
    let t = ((x - start[0]) * dx + (y - start[1]) * dy) / squared;
    t = Math.min(Math.max(t, 0), 1);
    const nearX = start[0] + t * dx;
    const nearY = start[1] + t * dy;
    const distance = Math.sqrt((x - nearX) ** 2 + (y - nearY) ** 2);
    return Math.min(Math.max(radius + 0.5 - distance, 0), 1);
  }

  class Drawing {
    constructor(size = CANVAS, penWidth = PEN_WIDTH) {
      this.size = size;
      this.radius = penWidth / 2;
      this.ink = new Float32Array(size * size);
      this.strokes = []; // lists of [x, y] points, in drawing order
      // Kept as the pen goes, so that a frame touches only what changed: two rectangles
      // [top, bottom, left, right), the box of the pixels brighter than INK (as inkBox
      // finds it; ink only ever grows, so the box does too) and the one inked since the
      // last frame took it; and each row's inked columns, [start[row], end[row]) (empty
      // while start >= end), outside which the row holds only zeros.
      this.box = null;
      this.dirty = [0, size, 0, size];
      this.rowSpans = { start: new Int32Array(size).fill(size), end: new Int32Array(size) };
    }

    beginStroke(x, y) {
      this.strokes.push([[x, y]]);
      this.stamp([x, y], [x, y]);
    }

    extendStroke(x, y) {
      if (this.strokes.length === 0) {
        this.beginStroke(x, y);
        return;
      }
      const stroke = this.strokes[this.strokes.length - 1];
      const last = stroke[stroke.length - 1];
      stroke.push([x, y]);
      this.stamp(last, [x, y]);
    }

    undo() {
      this.strokes.pop();
      const strokes = this.strokes;
      this.clear();
      for (const stroke of strokes) this.drawStroke(stroke);
    }

    clear() {
      this.strokes = [];
      this.ink.fill(0);
      this.box = null;
      this.dirty = [0, this.size, 0, this.size];
      this.rowSpans.start.fill(this.size);
      this.rowSpans.end.fill(0);
    }

    // The rectangle [top, bottom, left, right) inked since the last call, or null.
    takeDirty() {
      const dirty = this.dirty;
      this.dirty = null;
      return dirty;
    }

    // The smallest rectangle holding both (either may be null).
    static union(a, b) {
      if (a === null) return b;
      if (b === null) return a;
      return [Math.min(a[0], b[0]), Math.max(a[1], b[1]),
              Math.min(a[2], b[2]), Math.max(a[3], b[3])];
    }

    drawStroke(points) {
      this.beginStroke(points[0][0], points[0][1]);
      for (const [x, y] of points.slice(1)) this.extendStroke(x, y);
    }

    // Ink the capsule from start to end, touching only the pixels near it (Drawing._stamp).
    stamp(start, end) {
      const reach = this.radius + 1;
      const x0 = Math.trunc(Math.max(Math.min(start[0], end[0]) - reach, 0));
      const x1 = Math.trunc(Math.min(Math.max(start[0], end[0]) + reach + 1, this.size));
      const y0 = Math.trunc(Math.max(Math.min(start[1], end[1]) - reach, 0));
      const y1 = Math.trunc(Math.min(Math.max(start[1], end[1]) + reach + 1, this.size));
      if (x0 >= x1 || y0 >= y1) return;
      let [top, bottom, left, right] = [y1, y0, x1, x0]; // this stamp's pixels above INK
      const { start: spanStart, end: spanEnd } = this.rowSpans;
      for (let y = y0; y < y1; y++) { // row y of the ink: ink[y * size + x]
        for (let x = x0; x < x1; x++) {
          const ink = segmentInk(x, y, start, end, this.radius);
          const at = y * this.size + x;
          if (ink > this.ink[at]) {
            this.ink[at] = ink;
            spanStart[y] = Math.min(spanStart[y], x);
            spanEnd[y] = Math.max(spanEnd[y], x + 1);
            if (this.ink[at] > INK) {
              top = Math.min(top, y); bottom = Math.max(bottom, y + 1);
              left = Math.min(left, x); right = Math.max(right, x + 1);
            }
          }
        }
      }
      if (top < bottom) this.box = Drawing.union(this.box, [top, bottom, left, right]);
      this.dirty = Drawing.union(this.dirty, [y0, y1, x0, x1]);
    }
  }

  // ----- views.py: from the ink to the model's views ---------------------------------------

  // Python's round(): halves go to the even neighbour.
  function pyRound(x) {
    const floor = Math.floor(x);
    const rest = x - floor;
    if (rest !== 0.5) return Math.round(x);
    return floor % 2 === 0 ? floor : floor + 1;
  }

  // features.area_matrix as rows of (first input pixel, float32 weights): output pixel i
  // averages the input interval [i s, (i + 1) s), s = nIn / nOut.
  function areaMatrix(nIn, nOut) {
    const scale = nIn / nOut;
    const rows = [];
    for (let i = 0; i < nOut; i++) {
      const start = i * scale;
      const first = Math.floor(start);
      const weights = [];
      for (let j = first; j < Math.min(Math.ceil(start + scale), nIn); j++) {
        const overlap = Math.min(start + scale, j + 1) - Math.max(start, j);
        weights.push(Math.fround(Math.max(overlap, 0) / scale));
      }
      rows.push([first, weights]);
    }
    return rows;
  }

  // areaMatrix, made once per size pair (as canvas.area_weights): every frame needs the
  // canvas's, and crops come in a few hundred sizes.
  const AREA_MATRICES = new Map();
  function areaWeights(nIn, nOut) {
    const key = `${nIn},${nOut}`;
    if (!AREA_MATRICES.has(key)) AREA_MATRICES.set(key, areaMatrix(nIn, nOut));
    return AREA_MATRICES.get(key);
  }

  // A region [top, bottom, left, right) of an image (row-major Float32Array, `stride`
  // numbers a row), (h, w), -> (outH, outW) by area averaging, R @ region @ C^T, read in
  // place: no copy of the region is made. Plain loops over each row's few non-zero
  // weights: this runs on every frame. R @ region adds image rows into a row of float64
  // sums (a pass along memory, not down a column): each sum still adds its terms in the
  // same order, at the same precision. `spans`, if given, holds each image row's inked
  // columns (as Drawing keeps them): a row adds only those, about two fifths of a drawn
  // digit's box. The sums skip only zeros, so the result is the same, number for number.
  function resample(image, stride, region, outH, outW, spans = null) {
    const [top, bottom, left, right] = region;
    const h = bottom - top;
    const w = right - left;
    const R = areaWeights(h, outH);
    const C = areaWeights(w, outW);
    const half = new Float32Array(outH * w); // R @ region
    const sums = new Float64Array(w);
    for (let i = 0; i < outH; i++) {
      const [first, weights] = R[i];
      sums.fill(0);
      for (let k = 0; k < weights.length; k++) {
        const weight = weights[k];
        const row = top + first + k;
        const start = spans ? Math.max(spans.start[row], left) : left;
        const end = spans ? Math.min(spans.end[row], right) : right;
        const at = row * stride;
        for (let col = start; col < end; col++) sums[col - left] += weight * image[at + col];
      }
      half.set(sums, i * w);
    }
    const out = new Float32Array(outH * outW); // (R @ region) @ C^T
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const [first, weights] = C[j];
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += half[i * w + first + k] * weights[k];
        out[i * outW + j] = sum;
      }
    }
    return out;
  }

  // The bounding box of the pixels brighter than INK: [top, bottom, left, right), or null.
  function inkBox(image, size) {
    let top = size, bottom = -1, left = size, right = -1;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (image[row * size + col] > INK) {
          top = Math.min(top, row); bottom = Math.max(bottom, row);
          left = Math.min(left, col); right = Math.max(right, col);
        }
      }
    }
    return bottom < 0 ? null : [top, bottom + 1, left, right + 1];
  }

  // MNIST's normalisation (canvas.mnist_framed): the box's longer side scaled to 20 px,
  // aspect kept, pasted so that its centre of mass lands on pixel (14, 14).
  function mnistFramed(ink, bounds, spans) {
    const height = bounds[1] - bounds[0];
    const width = bounds[3] - bounds[2];
    const scale = BOX / Math.max(height, width);
    const outH = Math.max(1, pyRound(height * scale));
    const outW = Math.max(1, pyRound(width * scale));
    const small = resample(ink, CANVAS, bounds, outH, outW, spans);
    let mass = 0, rowMoment = 0, colMoment = 0;
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const v = small[i * outW + j];
        mass += v; rowMoment += v * i; colMoment += v * j;
      }
    }
    const clip = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
    const top = clip(pyRound(FIELD / 2 - rowMoment / mass), 0, FIELD - outH);
    const left = clip(pyRound(FIELD / 2 - colMoment / mass), 0, FIELD - outW);
    const field = new Float32Array(FIELD * FIELD);
    for (let i = 0; i < outH; i++) {
      field.set(small.subarray(i * outW, (i + 1) * outW), (top + i) * FIELD + left);
    }
    return field;
  }

  // The box stretched to 20 x 20 (canvas.stretched_box), a box thinner than 1:3 first
  // padded on its short side to 1:3, centred.
  function stretchedBox(ink, bounds, spans) {
    const [top, bottom, left, right] = bounds;
    const height = bottom - top;
    const width = right - left;
    const padRows = Math.max(Math.floor((width + 2) / 3) - height, 0);
    const padCols = Math.max(Math.floor((height + 2) / 3) - width, 0);
    if (!padRows && !padCols) return resample(ink, CANVAS, bounds, STRETCHED, STRETCHED, spans);
    const h = height + padRows;
    const w = width + padCols;
    const padded = new Float32Array(h * w);
    const padTop = Math.floor(padRows / 2);
    const padLeft = Math.floor(padCols / 2);
    for (let row = 0; row < height; row++) {
      const from = (top + row) * CANVAS + left;
      padded.set(ink.subarray(from, from + width), (padTop + row) * w + padLeft);
    }
    return resample(padded, w, [0, h, 0, w], STRETCHED, STRETCHED);
  }

  // The views a framing concatenates (framings.FRAMINGS), each computed from the ink.
  const VIEW_MAKERS = {
    canvas: (ink, bounds, spans) => resample(ink, CANVAS, [0, CANVAS, 0, CANVAS], FIELD,
                                             FIELD, spans),
    mnist: mnistFramed,
    stretched: stretchedBox,
  };

  // canvas_to_input: ink (560 x 560) -> the model's input, or null while there is no ink.
  // bounds: the box of the pixels brighter than INK, and spans: each row's inked columns,
  // if known (Drawing keeps both); else the box is found here and every column is read.
  function canvasToInput(ink, views, bounds = inkBox(ink, CANVAS), spans = null) {
    if (bounds === null) return null;
    const parts = views.map((view) => VIEW_MAKERS[view](ink, bounds, spans));
    const input = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) { input.set(part, at); at += part.length; }
    return input.map((v) => Math.min(v, 1));
  }

  // framings.split_views: a model's input, or anything laid out like it (a weight column,
  // the votes), -> one array per view, in the framing's order.
  function splitViews(values, model) {
    let start = 0;
    return model.views.map((view) => {
      const part = values.subarray(start, start + model.view_sizes[view]);
      start += model.view_sizes[view];
      return part;
    });
  }

  // ----- network.py and model.py: the logits, and softmax on top ----------------------------

  // Base64 little-endian float32, row-major, as js/model.js carries every weight matrix.
  function floats(base64) {
    return new Float32Array(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer);
  }

  function loadModel(shipped) {
    if (shipped.kind === "network") return { ...shipped, W1: floats(shipped.W1), W2: floats(shipped.W2) };
    return { ...shipped, weights: floats(shipped.weights) };
  }

  // x W + b for one input x (d), W (d, n) row-major: the rows of blank pixels are skipped.
  function affine(input, W, b) {
    const n = b.length;
    const out = Float64Array.from(b);
    for (let i = 0; i < input.length; i++) {
      if (input[i] === 0) continue;
      for (let c = 0; c < n; c++) out[c] += input[i] * W[i * n + c];
    }
    return out;
  }

  // Network.hidden: relu(x W1 + b1), (h).
  function hiddenUnits(model, input) {
    return affine(input, model.W1, model.b1).map((z) => Math.max(z, 0));
  }

  function logitsOf(model, input) {
    if (model.kind !== "network") return affine(input, model.weights, model.bias);
    return affine(hiddenUnits(model, input), model.W2, model.b2);
  }

  // The weight of each input pixel in digit k's score, for this input: W[:, k] for a linear
  // model; for the network, with the units this input turns on, W1[:, on] W2[on, k], so
  // that z_k = sum_j x_j w_j + the bias terms (Network.evidence). (d)
  function digitWeights(model, input, digit) {
    const d = model.n_inputs;
    const k = model.n_classes;
    const w = new Float32Array(d);
    if (model.kind !== "network") {
      for (let j = 0; j < d; j++) w[j] = model.weights[j * k + digit];
      return w;
    }
    const h = model.n_hidden;
    const sums = affine(input, model.W1, model.b1);
    const on = [];
    for (let u = 0; u < h; u++) if (sums[u] > 0) on.push(u);
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (const u of on) sum += model.W1[j * h + u] * model.W2[u * k + digit];
      w[j] = sum;
    }
    return w;
  }

  function probabilities(model, input) {
    const logits = Array.from(logitsOf(model, input));
    const top = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - top)); // shifted: exp never overflows
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  }

  // ----- the widget --------------------------------------------------------------------------

  const WIDGET = `
    <div class="pg-board">
      <canvas class="pg-canvas" width="${CANVAS}" height="${CANVAS}"
              aria-label="Draw a digit here"></canvas>
      <div class="pg-guide"></div>
      <div class="pg-buttons">
        <button type="button" class="md-button pg-undo">Undo</button>
        <button type="button" class="md-button pg-clear">Clear</button>
      </div>
    </div>
    <div class="pg-panel">
      <div class="pg-guess"><span class="pg-digit">?</span> <span class="pg-sure"></span></div>
      <canvas class="pg-bars" role="img" aria-label="the probability of each digit"></canvas>
      <div class="pg-caption">what the model sees: <span class="pg-view-names"></span></div>
      <div class="pg-views"></div>
      <div class="pg-caption pg-evidence-caption">why it thinks so: your ink's votes</div>
      <div class="evidence"></div>
      <div class="pg-colour-bar" aria-hidden="true"><span class="pg-against">against</span>
        <span class="pg-scale pg-scale-votes"></span><span class="pg-for">for</span></div>
      <div class="pg-caption pg-template-caption">the leading digit's weights
        (orange votes for it, blue against, white nothing)</div>
      <div class="pg-templates"></div>
    </div>`;

  // What each view is, as the captions name them, left to right (views.py's VIEWS).
  const VIEW_NAMES = { canvas: "the whole canvas", mnist: "the ink fitted as MNIST",
                       mnist20: "the ink fitted, 20×20", stretched: "the ink stretched" };

  // A probability as the page writes it, in the headline and beside its bar alike: "42%".
  function percent(p) {
    return `${Math.round(p * 100)}%`;
  }

  // A text written only when it changes: a new text, even an equal one, is laid out again.
  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  // An opaque RGBA pixel as a Uint32Array over an image's bytes reads it (little-endian:
  // red in the low byte, alpha in the high one).
  function rgba(red, green, blue) {
    return ((255 << 24) | (blue << 16) | (green << 8) | red) >>> 0;
  }

  // A side x side image, pixel i coloured colour(i): written as whole 32-bit pixels, with
  // no array made per pixel, into an image made once per canvas, since the views and the
  // evidence maps are repainted every frame.
  const IMAGES = new WeakMap(); // canvas -> its ImageData
  function paint(canvas, side, colour) {
    const context = canvas.getContext("2d");
    if (!IMAGES.has(canvas)) IMAGES.set(canvas, context.createImageData(side, side));
    const image = IMAGES.get(canvas);
    const pixels = new Uint32Array(image.data.buffer);
    for (let i = 0; i < pixels.length; i++) pixels[i] = colour(i);
    context.putImageData(image, 0, 0);
  }

  function greyImage(canvas, values, side) {
    paint(canvas, side, (i) => {
      const grey = Math.round(values[i] * 255);
      return rgba(grey, grey, grey);
    });
  }

  // The one diverging map of the book, its figures and the game (plotting.py's VOTE_FOR and
  // VOTE_AGAINST): orange for a digit, blue against it.
  const VOTE_FOR = [255, 150, 40];
  const VOTE_AGAINST = [70, 150, 255];

  // A template's weights in the votes' colours on white, as the docs' figures draw them:
  // white for 0, full orange (for) or blue (against) at `scale` and beyond.
  function weightImage(canvas, values, side, scale) {
    paint(canvas, side, (i) => {
      const s = Math.min(Math.abs(values[i]) / scale, 1);
      const [red, green, blue] = (values[i] > 0 ? VOTE_FOR : VOTE_AGAINST)
        .map((c) => Math.round(255 + (c - 255) * s));
      return rgba(red, green, blue);
    });
  }

  // The canvas's 231 shades, ink 0 to 1 as grey 25 to 255, as `rgba` pixels.
  const GREYS = Uint32Array.from({ length: 231 }, (_, s) => rgba(25 + s, 25 + s, 25 + s));

  // Each pixel's vote for a digit, x_j W_jk, scaled so that most of the ink shows at full
  // colour: orange for it, blue against it, black: no ink, no vote.

  function evidenceImage(canvas, votes, side, scale) {
    paint(canvas, side, (i) => {
      const s = Math.min(Math.abs(votes[i]) / scale, 1);
      const [red, green, blue] = votes[i] > 0 ? VOTE_FOR : VOTE_AGAINST;
      return rgba(Math.round(red * s), Math.round(green * s), Math.round(blue * s));
    });
  }

  // The k-th smallest of `values` (a Float32Array, reordered in place): Hoare's selection,
  // the number a sort would put at index k, in linear time on average (9 us for 2,500
  // numbers, where the sort took 100 us, every frame).
  function kthSmallest(values, k) {
    let low = 0, high = values.length - 1;
    while (low < high) {
      const pivot = values[(low + high) >> 1];
      let i = low, j = high;
      while (i <= j) {
        while (values[i] < pivot) i++;
        while (values[j] > pivot) j--;
        if (i <= j) { // swap (a destructuring swap makes it three times slower)
          const larger = values[i];
          values[i] = values[j];
          values[j] = larger;
          i++;
          j--;
        }
      }
      if (k <= j) high = j;
      else if (k >= i) low = i;
      else return values[k]; // between the two halves: equal to the pivot
    }
    return values[k];
  }

  // The 90th percentile of the non-zero |votes| (a Float32Array). A plain loop:
  // votes.filter(...).map(Math.abs) calls a function per vote, every frame.
  function inkScale(votes) {
    const strengths = new Float32Array(votes.length);
    let n = 0;
    for (const vote of votes) if (vote !== 0) strengths[n++] = Math.abs(vote);
    return n ? Math.max(kthSmallest(strengths.subarray(0, n), Math.floor(0.9 * (n - 1))), 1e-9)
      : 1;
  }

  // The 99th percentile of |values|: a few extreme edge weights would wash out the rest.
  function percentile99(values) {
    const sorted = Array.from(values, Math.abs).sort((a, b) => a - b);
    return Math.max(sorted[Math.floor(0.99 * (sorted.length - 1))], 1e-9);
  }

  // ----- the probability bars --------------------------------------------------------------

  // The ten bars, drawn on one canvas. As ten rows of elements (a fill and a percentage
  // each) they cost Chromium style, layout and paint every frame while drawing: the page's
  // part of a frame (docs/performance.md) took 5.5 ms median with them on a 2-core
  // machine, 4.8 ms with this canvas. Each row: the digit, a track 0.9em high with its
  // fill, the percentage, in the theme's colours.
  class Bars {
    constructor(canvas, n) {
      this.canvas = canvas;
      this.probs = new Array(n).fill(0);
      this.best = null;
      this.width = this.height = 0; // its size on screen, in CSS pixels: none until laid out
      this.ratio = 1; // device pixels per CSS pixel
      this.shown = []; // what each row shows
      this.readTheme();
      new ResizeObserver(() => this.resize()).observe(canvas); // laid out: drawn
      new MutationObserver(() => { this.readTheme(); this.redraw(); }).observe(document.body,
        { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    }

    // The theme's colours and font, read again when the reader switches scheme.
    readTheme() {
      const style = getComputedStyle(this.canvas);
      const colour = (name) => style.getPropertyValue(name).trim();
      this.colours = { text: style.color, track: colour("--md-default-fg-color--lightest"),
                       fill: colour("--md-default-fg-color--light"),
                       best: colour("--md-primary-fg-color") };
      this.em = parseFloat(style.fontSize);
      this.font = `${style.fontSize} ${style.fontFamily}`;
    }

    // The bitmap follows the canvas's size on screen, in device pixels (sharp text). Read
    // here, after layout, so that drawing never asks the browser to lay the page out.
    resize() {
      this.width = this.canvas.clientWidth;
      this.height = this.canvas.clientHeight;
      this.ratio = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(this.width * this.ratio);
      this.canvas.height = Math.round(this.height * this.ratio);
      this.redraw();
    }

    // Everything again: the digits down the left, then every row.
    redraw() {
      const context = this.canvas.getContext("2d");
      context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      context.clearRect(0, 0, this.width, this.height);
      context.font = this.font;
      context.textBaseline = "middle";
      context.fillStyle = this.colours.text;
      this.probs.forEach((_, digit) => context.fillText(String(digit), 0, this.middle(digit)));
      this.shown = this.probs.map(() => null); // what each row shows: nothing yet
      this.draw(this.probs, this.best);
    }

    middle(digit) {
      return (digit + 0.5) * (this.height / this.probs.length);
    }

    // The rows that show something new. A row is repainted only when its fill changes by
    // a device pixel, its percentage changes, or it takes or loses the lead: text is the
    // costly part of a canvas, and most rows stay at 0% while a digit is drawn.
    draw(probs, best) {
      this.probs = probs;
      this.best = best;
      const { colours, em } = this;
      const context = this.canvas.getContext("2d");
      const left = 1.7 * em; // the digit's 1.2em and a 0.5em gap
      const track = Math.max(this.width - left - 3.5 * em, 0); // then 0.5em and 3em
      const row = this.height / probs.length;
      probs.forEach((p, digit) => {
        const written = percent(p);
        const shows = `${Math.round(track * p * this.ratio)} ${written} ${digit === best}`;
        if (shows === this.shown[digit]) return;
        this.shown[digit] = shows;
        const middle = this.middle(digit);
        context.clearRect(left, middle - row / 2, this.width - left, row);
        context.fillStyle = colours.track;
        context.fillRect(left, middle - 0.45 * em, track, 0.9 * em);
        context.fillStyle = digit === best ? colours.best : colours.fill;
        context.fillRect(left, middle - 0.45 * em, track * p, 0.9 * em);
        context.fillStyle = colours.text;
        context.fillText(written, left + track + 0.5 * em, middle);
      });
    }
  }

  class Playground {
    constructor(root, model) {
      this.model = model;
      this.drawing = new Drawing();
      this.lastInput = null;
      this.lastProbs = null;
      this.latencies = [];
      root.innerHTML = WIDGET;
      this.canvas = root.querySelector(".pg-canvas");
      this.digit = root.querySelector(".pg-digit");
      this.sure = root.querySelector(".pg-sure");
      this.bars = new Bars(root.querySelector(".pg-bars"), model.n_classes);
      const mini = (parent, side) => {
        const c = document.createElement("canvas");
        c.width = c.height = side;
        parent.append(c);
        return c;
      };
      const sides = model.views.map((view) => Math.sqrt(model.view_sizes[view]));
      this.views = sides.map((side) => mini(root.querySelector(".pg-views"), side));
      this.templates = sides.map((side) => mini(root.querySelector(".pg-templates"), side));
      const evidence = root.querySelector(".evidence");
      this.evidenceRows = [0, 1].map(() => {
        const row = document.createElement("div");
        row.className = "pg-evidence-row";
        row.innerHTML = '<span class="pg-evidence-digit"></span>';
        evidence.append(row);
        const maps = sides.map((side) => mini(row, side));
        const sum = document.createElement("span");
        sum.className = "pg-evidence-sum";
        row.append(sum);
        return { label: row.firstChild, maps, sum };
      });
      root.querySelector(".pg-view-names").textContent =
        model.views.map((view) => VIEW_NAMES[view] ?? view).join(" · ");
      this.evidenceCaption = root.querySelector(".pg-evidence-caption");
      this.listen(root);
      this.render();
    }

    listen(root) {
      let down = false;
      const at = (event) => {
        const rect = this.canvas.getBoundingClientRect();
        return [(event.clientX - rect.left) * (CANVAS / rect.width),
                (event.clientY - rect.top) * (CANVAS / rect.height)];
      };
      this.canvas.addEventListener("pointerdown", (event) => {
        down = true;
        this.canvas.setPointerCapture(event.pointerId);
        this.drawing.beginStroke(...at(event));
        this.changed();
      });
      this.canvas.addEventListener("pointermove", (event) => {
        if (!down) return;
        // the oldest stroke not yet on screen: when the system saw it, when the page did
        this.firstInput ??= [event.timeStamp, performance.now()];
        const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
        for (const e of events.length ? events : [event]) this.drawing.extendStroke(...at(e));
        this.changed();
      });
      const lift = () => { down = false; };
      this.canvas.addEventListener("pointerup", lift);
      this.canvas.addEventListener("pointercancel", lift);
      root.querySelector(".pg-undo").addEventListener("click", () => {
        this.drawing.undo();
        this.update();
      });
      root.querySelector(".pg-clear").addEventListener("click", () => this.clear());
    }

    // Pointer events arrive faster than frames: guess once per frame.
    changed() {
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.update(); });
    }

    update() {
      const started = performance.now();
      this.lastInput = canvasToInput(this.drawing.ink, this.model.views, this.drawing.box,
                                     this.drawing.rowSpans);
      this.lastProbs = this.lastInput && probabilities(this.model, this.lastInput);
      this.lastUpdateMs = performance.now() - started;
      this.render();
      this.lastFrameMs = performance.now() - started; // the model and the repaint
      if (this.firstInput !== undefined) { // from the pointer event to the painted frame:
        const [seen, handled] = this.firstInput; // a task queued now runs once the frame
        this.firstInput = undefined; // this callback belongs to is styled and painted
        setTimeout(() => {
          const now = performance.now();
          this.latencies.push([now - seen, now - handled]);
        });
      }
    }

    render() {
      const context = this.canvas.getContext("2d");
      this.image ??= context.createImageData(CANVAS, CANVAS);
      const pixels = new Uint32Array(this.image.data.buffer); // one RGBA pixel per number
      const ink = this.drawing.ink;
      const dirty = this.drawing.takeDirty(); // repaint only what the pen changed
      if (dirty !== null) {
        const [top, bottom, left, right] = dirty;
        for (let row = top; row < bottom; row++) {
          for (let i = row * CANVAS + left; i < row * CANVAS + right; i++) {
            pixels[i] = GREYS[Math.round(ink[i] * 230)];
          }
        }
        context.putImageData(this.image, 0, 0, left, top, right - left, bottom - top);
      }
      const probs = this.lastProbs || new Array(this.model.n_classes).fill(0);
      const best = this.lastProbs ? probs.indexOf(Math.max(...probs)) : null;
      setText(this.digit, best === null ? "?" : String(best));
      setText(this.sure, best === null ? "draw a digit" : `${percent(probs[best])} sure`);
      this.bars.draw(probs, best);
      this.renderEvidence(probs, best);
      const input = this.lastInput || new Float32Array(this.model.n_inputs);
      splitViews(input, this.model).forEach((pixels, v) => {
        greyImage(this.views[v], pixels, Math.sqrt(pixels.length));
      });
      // a linear model's weights change only with the guess; the network's with the units on
      if (best !== this.templateDigit || this.model.kind === "network") this.renderTemplates(best);
    }

    // The leading digit's weights, view by view (red votes for it, blue against): for the
    // network, those of the units the drawing turns on (`digitWeights`).
    renderTemplates(best) {
      this.templateDigit = best;
      const input = this.lastInput || new Float32Array(this.model.n_inputs);
      const column = best === null ? new Float32Array(this.model.n_inputs)
        : digitWeights(this.model, input, best);
      splitViews(column, this.model).forEach((part, v) => {
        weightImage(this.templates[v], part, Math.sqrt(part.length), percentile99(part));
      });
    }

    // Why it thinks so: for the leading guess and the runner-up, each input's vote
    // x_j w_jk (their sum plus the bias terms is the digit's score), one colour scale for both.
    renderEvidence(probs, best) {
      const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a]);
      const digits = best === null ? [null, null] : order.slice(0, 2);
      const input = this.lastInput || new Float32Array(this.model.n_inputs);
      const votes = digits.map((digit) => { // a plain loop: Float32Array.from(input, f) is slow
        const vote = new Float32Array(input.length);
        if (digit !== null) {
          const w = digitWeights(this.model, input, digit);
          for (let j = 0; j < input.length; j++) vote[j] = input[j] * w[j];
        }
        return vote;
      });
      const both = new Float32Array(votes[0].length * 2);
      both.set(votes[0]);
      both.set(votes[1], votes[0].length);
      const scale = inkScale(both);
      setText(this.evidenceCaption, best === null ? "why it thinks so: draw a digit"
        : `why ${digits[0]} and not ${digits[1]}: each view's ink (as above) votes for ` +
          "(orange) or against (blue); with the bias terms, the votes sum to the score");
      this.evidenceRows.forEach((row, r) => {
        setText(row.label, digits[r] === null ? "" : String(digits[r]));
        // the votes' sum: with the bias terms, the digit's score (its logit)
        const sum = votes[r].reduce((total, vote) => total + vote, 0);
        setText(row.sum, digits[r] === null ? "" : `votes ${sum >= 0 ? "+" : "−"}${Math.abs(sum).toFixed(1)}`);
        splitViews(votes[r], this.model).forEach((part, v) => {
          evidenceImage(row.maps[v], part, Math.sqrt(part.length), scale);
        });
      });
    }

    clear() {
      this.drawing.clear();
      this.update();
    }

    // The test API: strokes of [x, y] points in the 560 x 560 canvas, drawn with the game's pen.
    api() {
      return {
        draw: (strokes) => {
          for (const stroke of strokes) this.drawing.drawStroke(stroke);
          this.update();
        },
        clear: () => this.clear(),
        input: () => (this.lastInput ? Array.from(this.lastInput) : null),
        probabilities: () => (this.lastProbs ? Array.from(this.lastProbs) : null),
        votes: (digit) => (this.lastInput ? Array.from(digitWeights(this.model, this.lastInput,
                                                                     digit)).map((w, j) => w * this.lastInput[j]) : null),
        lastUpdateMs: () => this.lastUpdateMs,
        lastFrameMs: () => this.lastFrameMs,
        latencies: () => this.latencies.splice(0),
      };
    }
  }

  const model = loadModel(window.SHIPPED_MODEL);
  const widgets = [...document.querySelectorAll(".playground")].map((root) => new Playground(root, model));
  if (widgets.length) window.playground = widgets[0].api();
})();
