// The chapters' two widgets, in plain JavaScript like the drawing page: each is a
// <div data-widget="..."> in the Markdown, and redraws its figure whenever its slider moves.
//   overshoot: gradient descent on the loss along its most curved direction (training)
//   softmax:   softmax of three movable logits, with a temperature (the model)
(() => {
  "use strict";

  // The theme's colours, read when drawing, so that a switch of scheme redraws in the new one.
  function colours(element) {
    const style = getComputedStyle(element);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read("--md-default-fg-color", "#000"),
      faint: read("--md-default-fg-color--lighter", "#bbb"),
      accent: read("--md-accent-fg-color", "#526cfe"),
      warn: "#e4572e",
    };
  }

  // A canvas as wide as its box and `height` CSS px tall, drawn at the screen's density.
  function sharpContext(canvas, height) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.getBoundingClientRect().width || 600;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return { context, width, height };
  }

  // A labelled range input; `changed` is called with its value on every move. Returns
  // `update`, which shows the value and calls `changed` as a move would.
  function slider(parent, { label, min, max, step, value }, changed) {
    const row = document.createElement("label");
    row.className = "widget-slider";
    row.append(label);
    const input = Object.assign(document.createElement("input"),
      { type: "range", min, max, step, value });
    const shown = document.createElement("output");
    row.append(input, shown);
    parent.append(row);
    const update = () => {
      shown.textContent = Number(input.value).toFixed(2);
      changed(Number(input.value));
    };
    input.addEventListener("input", update);
    return update;
  }

  // Gradient descent on L(w) = (lambda_max / 2) w^2: each step multiplies w by
  // 1 - eta lambda_max, so the path settles while |1 - eta lambda_max| < 1, that is
  // eta < 2 / lambda_max, and blows up beyond. lambda_max is the loss's largest curvature at
  // the 2016 recipe's start (the training chapter).
  function overshoot(root) {
    const curvature = Number(root.dataset.curvature);
    const start = 2, steps = 12, reach = 2.6;
    const canvas = document.createElement("canvas");
    const readout = document.createElement("p");
    readout.className = "widget-readout";
    root.append(canvas);
    let rate = 0.1;
    const update = slider(root, { label: "learning rate η ", min: 0.02, max: 0.7,
                                   step: 0.01, value: rate }, (value) => {
      rate = value;
      draw();
    });
    root.append(readout);

    function verdict(factor) {
      if (Math.abs(factor) >= 1.0005) return `blows up: η is past 2/λₘₐₓ = ${(2 / curvature).toFixed(2)}`;
      if (Math.abs(factor) > 0.9995) return "bounces between two points for ever: η = 2/λₘₐₓ";
      if (factor < 0) return "overshoots the bottom each step, by less each time: settles";
      return "settles, from one side";
    }

    function draw() {
      const { context, width, height } = sharpContext(canvas, 240);
      const colour = colours(root);
      const top = curvature / 2 * reach * reach;
      const x = (w) => width / 2 + (w / reach) * (width / 2 - 10);
      const y = (loss) => height - 20 - (loss / top) * (height - 30);
      context.lineWidth = 1.5;
      context.strokeStyle = colour.faint;
      context.beginPath();
      for (let k = 0; k <= 200; k++) {
        const w = -reach + (2 * reach * k) / 200;
        context[k ? "lineTo" : "moveTo"](x(w), y(curvature / 2 * w * w));
      }
      context.stroke();
      const factor = 1 - rate * curvature;
      const path = [start];
      for (let k = 0; k < steps && Math.abs(path[path.length - 1]) <= reach; k++) {
        path.push(path[path.length - 1] * factor);
      }
      const shown = path.filter((w) => Math.abs(w) <= reach);
      context.strokeStyle = context.fillStyle = Math.abs(factor) < 1 ? colour.accent : colour.warn;
      context.beginPath();
      shown.forEach((w, k) => context[k ? "lineTo" : "moveTo"](x(w), y(curvature / 2 * w * w)));
      context.stroke();
      shown.forEach((w, k) => {
        context.beginPath();
        context.arc(x(w), y(curvature / 2 * w * w), k ? 3.5 : 5, 0, 2 * Math.PI);
        context.fill();
      });
      context.fillStyle = colour.text;
      context.font = "13px sans-serif";
      context.fillText("w", width - 16, height - 4);
      context.fillText("loss along the most curved direction", 6, 14);
      readout.textContent = `η = ${rate.toFixed(2)}: each step multiplies w by ` +
        `1 − ηλₘₐₓ = ${factor >= 0 ? "" : "−"}${Math.abs(factor).toFixed(2)}; ${verdict(factor)}.`;
    }

    update();
    return draw;
  }

  // p = softmax(z / T) for three logits: a larger T evens the probabilities out, a smaller
  // one sharpens them towards the largest logit; adding one number to every z changes none.
  function softmaxWidget(root) {
    const logits = [2.0, 1.0, 0.1];  // the model chapter's worked example
    let temperature = 1;
    const canvas = document.createElement("canvas");
    const readout = document.createElement("p");
    readout.className = "widget-readout";
    root.append(canvas);
    const updates = logits.map((value, k) => slider(
      root, { label: `logit z${"₀₁₂"[k]} `, min: -4, max: 4, step: 0.1, value },
      (moved) => {
        logits[k] = moved;
        draw();
      }));
    const heat = slider(root, { label: "temperature T ", min: 0.1, max: 5, step: 0.1,
                               value: temperature }, (value) => {
      temperature = value;
      draw();
    });

    function probabilities() {
      const scaled = logits.map((z) => z / temperature);
      const largest = Math.max(...scaled);  // shifted, as the library's softmax is
      const exps = scaled.map((z) => Math.exp(z - largest));
      const total = exps.reduce((sum, e) => sum + e, 0);
      return exps.map((e) => e / total);
    }

    function draw() {
      const { context, width, height } = sharpContext(canvas, 120);
      const colour = colours(root);
      const probs = probabilities();
      const label = 34, room = width - label - 50;
      context.font = "14px sans-serif";
      probs.forEach((p, k) => {
        const top = 8 + k * 38;
        context.fillStyle = colour.faint;
        context.fillRect(label, top, room, 26);
        context.fillStyle = colour.accent;
        context.fillRect(label, top, room * p, 26);
        context.fillStyle = colour.text;
        context.fillText(`p${"₀₁₂"[k]}`, 4, top + 18);
        context.fillText(`${(100 * p).toFixed(1)}%`, label + room + 6, top + 18);
      });
      readout.textContent = `softmax(z / T) with z = (${logits.map((z) => z.toFixed(1)).join(", ")})` +
        `, T = ${temperature.toFixed(1)}: p = (${probs.map((p) => p.toFixed(3)).join(", ")}).`;
    }

    root.append(readout);
    updates.forEach((update) => update());
    heat();
    return draw;
  }

  const WIDGETS = { overshoot, softmax: softmaxWidget };
  const redraws = [...document.querySelectorAll("[data-widget]")]
    .map((root) => WIDGETS[root.dataset.widget](root));
  // A switch of colour scheme, or a new width, redraws every widget in its new colours and size.
  new MutationObserver(() => redraws.forEach((draw) => draw()))
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  window.addEventListener("resize", () => redraws.forEach((draw) => draw()));
})();
