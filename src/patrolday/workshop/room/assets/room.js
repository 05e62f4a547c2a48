// The phone page's script: join with the code, then follow the room over a websocket.
// Every word comes from the strings table the server put in the page (strings.py);
// text is only ever set with textContent, never parsed as HTML.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  let socket = null;
  let state = null;
  let retry = 0;
  let timer = null;
  let closedByUs = false;

  function say(key, values) {
    let text = T[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // -- joining ----------------------------------------------------------------------------
  async function join(code) {
    const problem = $("join-problem");
    problem.textContent = "";
    $("join-button").disabled = true;
    $("join-button").textContent = T.joining;
    try {
      const response = await fetch("/join", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ code: code }),
      });
      let body = {};
      try { body = await response.json(); } catch (e) { body = {}; }
      if (response.ok && body.ok) {
        showRoom();
        connect();
        return;
      }
      problem.textContent = body.message || T.refused;
      $("code").focus();
    } catch (e) {
      problem.textContent = T.refused;
    } finally {
      $("join-button").disabled = false;
      $("join-button").textContent = T.join_button;
    }
  }

  function showJoin(message) {
    $("room").hidden = true;
    $("join").hidden = false;
    if (message) $("join-problem").textContent = message;
  }

  function showRoom() {
    $("join").hidden = true;
    $("room").hidden = false;
    $("status").textContent = T.joined_waiting;
  }

  // -- the websocket ------------------------------------------------------------------------
  function connect() {
    if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
    clearTimeout(timer);
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws");
    let opened = false;
    socket.onopen = () => { opened = true; retry = 0; };
    socket.onmessage = (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "rejected") {
        if (data.reason !== "slow-down") $("status").textContent = T.vote_not_counted;
        if (data.phase) render(Object.assign({ type: "state" }, data), true);
        return;
      }
      if (data.type === "state") render(data, false);
      if (data.type === "ack" && state && data.serial === state.serial) {
        render(Object.assign({}, state, { mine: data.mine }), false);
      }
    };
    socket.onclose = () => {
      socket = null;
      if (closedByUs) return;
      if (!opened && retry >= 1) {
        // The server would not open a socket for this phone twice running: ask it why.
        fetch("/", { credentials: "same-origin" }).then((r) => r.text()).then((html) => {
          if (html.indexOf('data-joined="no"') >= 0) showJoin(T.rejoin);
          else later();
        }, later);
        return;
      }
      later();
    };
  }

  function later() {
    $("status").textContent = T.reconnecting;
    retry += 1;
    timer = setTimeout(connect, Math.min(1000 * retry, 8000));
  }

  function vote(option) {
    if (!state || !socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: "vote", decision: state.serial, option: option }));
  }

  // -- drawing ---------------------------------------------------------------------------------
  function labelOf(id, source) {
    const option = ((source || state).options || []).find((o) => o.id === id);
    return option ? option.label : id;
  }

  function render(next, keepStatus) {
    const phaseChanged = !state || state.phase !== next.phase || state.serial !== next.serial;
    state = next;
    const status = $("status");
    $("title").textContent = next.title || "";
    $("title").hidden = !next.title;  // no empty heading for a screen reader to land on
    const questions = $("questions");
    // A decision the story asks nothing at gets the page's own question, in this phone's language.
    const asked = next.questions ? (next.questions.length ? next.questions : [T.default_question]) : [];
    questions.replaceChildren(...asked.map((q) => element("p", q)));
    const text = next.text || [];
    $("read-along").hidden = text.length === 0;
    $("scene-text").replaceChildren(...text.map((p) => element("p", p)));
    $("options").hidden = !next.options;
    $("vote-help").hidden = next.phase !== "open";  // "you can change it until..." only while it can
    // How the room voted: this decision's once the vote closes, else the one before (the
    // story often goes straight on to the next question).
    const shown = next.tally ? next : next.previous || null;
    $("result").hidden = !shown;
    $("result-heading").textContent = shown && shown !== next
      ? say("result_heading_of", { title: shown.title }) : T.result_heading;
    drawOptions(next);
    drawTally(shown);
    if (keepStatus) return;
    let message = "";
    switch (next.phase) {
      case "waiting": message = next.serial ? T.waiting_next : T.joined_waiting; break;
      case "question": message = T.question_heading + ". " + T.options_soon; break;
      case "open": message = next.mine ? say("vote_in", { label: labelOf(next.mine) }) : T.vote_help; break;
      case "closed": message = T.vote_closed + (next.mine ? "" : " " + T.no_vote_cast); break;
      case "result": message = next.taken ? say("taken", { label: labelOf(next.taken) }) : T.vote_closed; break;
      case "ended": message = next.ending ? say("ended", { title: next.ending }) : T.ended_plain; break;
    }
    if (phaseChanged || status.textContent !== message) status.textContent = message;
  }

  function drawOptions(next) {
    const box = $("option-buttons");
    const open = next.phase === "open";
    box.replaceChildren(...(next.options || []).map((o) => {
      const button = element("button", undefined, "option");
      button.type = "button";
      button.dataset.option = o.id;
      button.setAttribute("aria-pressed", String(next.mine === o.id));
      button.appendChild(element("span", o.number + ". " + o.label));
      if (next.mine === o.id) button.appendChild(element("span", T.your_vote, "mark"));
      button.disabled = !open;
      if (open) button.addEventListener("click", () => vote(o.id));
      return button;
    }));
  }

  function drawTally(next) {
    const list = $("tally");
    if (!next || !next.tally) { list.replaceChildren(); $("taken").textContent = ""; return; }
    const total = next.tally.reduce((sum, row) => sum + row.phones + row.hands, 0);
    $("taken").textContent = next.taken ? say("taken", { label: labelOf(next.taken, next) }) : T.vote_closed;
    list.replaceChildren(...next.tally.map((row) => {
      const n = row.phones + row.hands;
      const item = element("li");
      if (row.id === next.taken) item.className = "took";
      const counts = n === 1 ? T.votes_one : say("votes_total", { n: n });
      let detail = say("phones", { n: row.phones });
      if (row.hands) detail += ", " + say("hands", { n: row.hands });
      item.appendChild(element("span", labelOf(row.id, next) + ": " + counts + " (" + detail + ")"));
      const bar = element("span", undefined, "bar");
      bar.setAttribute("aria-hidden", "true");
      bar.style.width = (total ? Math.round(100 * n / total) : 0) + "%";  // of all votes: 100% is everyone
      item.appendChild(bar);
      return item;
    }));
  }

  // -- start -------------------------------------------------------------------------------------
  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    join($("code").value);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !$("room").hidden && !socket) { retry = 0; connect(); }
  });
  window.addEventListener("pagehide", () => { closedByUs = true; if (socket) socket.close(); });
  window.addEventListener("pageshow", () => { closedByUs = false; if (!$("room").hidden && !socket) connect(); });

  const fromLink = /(?:^#|&)code=([A-Za-z0-9-]{1,12})/.exec(location.hash);
  if (document.body.dataset.joined === "yes") {
    showRoom();
    connect();
  } else if (fromLink) {
    history.replaceState(null, "", location.pathname);  // the code leaves the address bar
    $("code").value = fromLink[1];
    join(fromLink[1]);
  }
  document.body.dataset.ready = "yes";  // the script is running (tests wait for this)
})();
