// The class page: the store's numbers, behind the admin token (kept for this tab only).
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const token = $(".class-token");
  token.value = sessionStorage.getItem("digits-token") || "";

  async function api(path, method = "GET") {
    const answer = await fetch(path, { method, headers: { Authorization: `Bearer ${token.value}` } });
    const reply = await answer.json();
    if (!answer.ok) throw new Error(reply.error);
    return reply;
  }

  function table(element, header, rows) {
    const cells = (row, tag) => `<tr>${row.map((c) => `<${tag}>${c}</${tag}>`).join("")}</tr>`;
    element.innerHTML = cells(header, "th") + rows.map((row) => cells(row, "td")).join("");
  }

  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const percent = (p) => (p === null ? "–" : `${(100 * p).toFixed(1)}%`);

  // A drawing as a small picture: its strokes, scaled from its canvas to 84 px.
  function thumbnail(drawing) {
    const figure = document.createElement("figure");
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 84;
    const context = canvas.getContext("2d");
    context.fillStyle = "#000";
    context.fillRect(0, 0, 84, 84);
    context.strokeStyle = "#fff";
    context.lineWidth = 84 * 48 / 560; // the game's pen, at this size
    context.lineCap = context.lineJoin = "round";
    const scale = 84 / drawing.canvas;
    for (const stroke of drawing.strokes) {
      context.beginPath();
      stroke.forEach(([x, y], i) => (i ? context.lineTo(x * scale, y * scale)
        : context.moveTo(x * scale, y * scale)));
      if (stroke.length === 1) context.lineTo(stroke[0][0] * scale + 0.01, stroke[0][1] * scale);
      context.stroke();
    }
    const caption = document.createElement("figcaption");
    caption.textContent = `${drawing.digit} · ${drawing.player}`;
    figure.append(canvas, caption);
    return figure;
  }

  function show(numbers) {
    $(".class-numbers").hidden = false;
    $(".class-summary").textContent =
      `${numbers.drawings} drawings by ${numbers.players} players. Served: ` +
      (numbers.model ? `model ${numbers.model}, ${numbers.model_note}.` : "the shipped model.");
    table($(".class-per-digit"), ["digit", ...numbers.per_digit.keys()],
          [["drawings", ...numbers.per_digit]]);
    table($(".class-per-player"), ["player", "drawings"],
          Object.entries(numbers.per_player).map(([name, n]) => [escape(name), n]));
    $(".class-thumbnails").replaceChildren(...numbers.newest.map(thumbnail));
    $(".class-accuracy").textContent = `The served model reads ${percent(numbers.accuracy)} of ` +
      "the class's finished drawings right (the diagonal below).";
    table($(".class-confusion"), ["asked ↓ read →", ...numbers.confusion.keys()],
          numbers.confusion.map((row, asked) => [asked, ...row.map((n, read) =>
            (read === asked ? `<span class="right">${n}</span>` : n))]));
  }

  async function refresh() {
    sessionStorage.setItem("digits-token", token.value);
    try {
      show(await api("/api/class"));
      $(".class-status").textContent = "";
    } catch (err) {
      $(".class-status").textContent = err.message;
    }
  }

  $(".class-login").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  $(".class-retrain").addEventListener("click", async () => {
    const said = $(".class-retrained");
    said.textContent = "retraining…";
    try {
      const report = await api("/api/retrain", "POST");
      said.textContent = `taught ${report.lessons} misread drawings; on the ${report.held_out} ` +
        `held out: ${percent(report.before)} before, ${percent(report.after)} after. ` +
        "The page now serves the retrained model.";
      refresh();
    } catch (err) {
      said.textContent = err.message;
    }
  });
  if (token.value) refresh();
})();
