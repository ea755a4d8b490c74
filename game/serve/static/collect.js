// The served drawing page: asks for a digit, keeps the drawing as drawn (every point of
// every stroke with its time in milliseconds since the drawing began, pen-ups between
// strokes), and sends it to the class's store. The widget (playground.js) draws the ink
// and guesses live in the page; this file only listens to the same pointer events.
"use strict";

(() => {
  const CANVAS = window.SHIPPED_MODEL.constants.canvas;
  const root = document.querySelector(".playground");
  const board = root.querySelector(".pg-canvas");
  const digitShown = document.querySelector(".collect-digit");
  const send = document.querySelector(".collect-send");
  const status = document.querySelector(".collect-status");
  const player = document.querySelector(".collect-player");

  let digit = 0;
  let strokes = []; // [[[x, y, t_ms], ...], ...] in the 560-pixel canvas
  let started = null; // the first point's timeStamp
  let down = false;

  function ask() {
    digit = Math.floor(Math.random() * 10);
    digitShown.textContent = String(digit);
  }

  function say(text, isError = false) {
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  function point(event) {
    const rect = board.getBoundingClientRect();
    started ??= event.timeStamp;
    const round = (v) => Math.round(v * 10) / 10;
    return [round((event.clientX - rect.left) * (CANVAS / rect.width)),
            round((event.clientY - rect.top) * (CANVAS / rect.height)),
            Math.max(0, Math.round(event.timeStamp - started))];
  }

  function changed() {
    send.disabled = strokes.length === 0;
  }

  board.addEventListener("pointerdown", (event) => {
    down = true;
    strokes.push([point(event)]);
    changed();
  });
  board.addEventListener("pointermove", (event) => {
    if (!down) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) strokes[strokes.length - 1].push(point(e));
  });
  const lift = () => { down = false; };
  board.addEventListener("pointerup", lift);
  board.addEventListener("pointercancel", lift);
  root.querySelector(".pg-undo").addEventListener("click", () => { strokes.pop(); changed(); });
  root.querySelector(".pg-clear").addEventListener("click", () => { strokes = []; changed(); });

  function restart() {
    strokes = [];
    started = null;
    window.playground.clear();
    changed();
    ask();
  }

  player.value = localStorage.getItem("digits-player")
    || `player-${Math.random().toString(36).slice(2, 7)}`;
  player.addEventListener("change", () => localStorage.setItem("digits-player", player.value));

  send.addEventListener("click", async () => {
    const name = player.value.trim();
    if (!name) { say("type a name first: the class's counts are per player", true); return; }
    localStorage.setItem("digits-player", name);
    send.disabled = true;
    const guess = window.playground.probabilities();
    try {
      const answer = await fetch("/api/drawings", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ digit, strokes, canvas: CANVAS, player: name }),
      });
      const reply = await answer.json();
      if (!answer.ok) { say(`not saved: ${reply.error}`, true); changed(); return; }
      const read = guess ? guess.indexOf(Math.max(...guess)) : null;
      say(`saved as drawing ${reply.id}` + (read === null ? "" : read === digit
        ? ` (the model read it as ${digit} too)` : ` (the model read ${read}: it learns from this)`));
      restart();
    } catch (err) {
      say("not saved: the server did not answer; your drawing is still here, try again", true);
      changed();
    }
  });
  document.querySelector(".collect-skip").addEventListener("click", restart);
  ask();
  window.collect = { strokes: () => strokes, digit: () => digit }; // for the tests
})();
