// The browser page of a team's device in a class game (docs/network.md, "The browser page").
// It joins with the team's code, shows the team's whole view as the host sends it (the host
// decides everything; the page only shows and asks), and sends the team's moves. Every text
// comes from the game's catalogs; every value from the host is put in the page as text, never
// as markup.

import { Link } from "./link.js";
import {
  AMOUNTS, CLAUSE_KINDS, DIRECTED, scoreTerms, agreementName, agreementType, agreementTypeName, cap,
  clauseName, clauseText, clock, countryName, currentLanguage, errorText, eventText, eventTitle, loadCatalogs,
  money, names, number, percent, reasonText, setLanguage, setSetting, signed, signedPercent, termName, tr,
  turnsShown,
} from "./words.js";

const STORE = "diplomasi.join";
const LANGUAGE_STORE = "diplomasi.language";
const CENTRE = ["offers", "propose", "compliance"];
const WIDE = window.matchMedia("(min-width: 960px)");
// Each language by its own name (as the game's menu shows them), never translated.
const LANGUAGE_NAMES = { en: "English", id: "Bahasa Indonesia" };

const state = {
  screen: "loading",
  code: "",
  joinError: "",
  joining: false,
  connection: "connecting",
  welcome: null,
  view: null,
  sequence: -1,
  receivedAt: 0,
  tab: "home",
  centre: "offers",
  moves: new Map(), // move id → what it is ("accept:5", "propose", ...), until its ack
  queries: new Map(), // query id → what it answers
  draft: null,
  counter: null, // the negotiation a counter-offer answers
  effect: null, // {key, result, asking}
  wwit: null, // {key, answers: {partner: result}, asking: n}
  offerEffects: new Map(), // "negotiation:offers" → effect
  keep: new Map(), // "turn:agreement:clause" → keep?
  builderKey: "",
  everJoined: false,
  overSeen: false,
};

const link = new Link({ message: onMessage, state: onLinkState });

// --- small DOM helpers ------------------------------------------------------------------------
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// a real country's flag, served by the host (an invented country has none: the image goes)
function flagImage(id) {
  if (!/^[A-Z]{3}$/.test(String(id))) return null;
  return h("img", { class: "flag", src: `/flags/${id}.png`, alt: "", onerror: (event) => event.target.remove() });
}

function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function newId(prefix) {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: `toast ${kind}`, role: kind === "bad" ? "alert" : "status", text });
  box.append(item);
  setTimeout(() => item.remove(), kind === "bad" ? 7000 : 2500);
}

// --- start ------------------------------------------------------------------------------------
async function start() {
  const params = new URLSearchParams(location.search);
  const stored = readStore();
  let language = localStorage.getItem(LANGUAGE_STORE) || params.get("lang") || "";
  if (!language) language = (navigator.language || "").toLowerCase().startsWith("id") ? "id" : "en";
  setLanguage(language);
  try {
    await loadCatalogs();
  } catch (error) {
    document.body.textContent = `Diplomasi: ${error}`;
    return;
  }
  const code = clean(params.get("code") || "") || stored?.code || "";
  state.code = code;
  if (code) join(code, stored?.code === code ? stored.device : null);
  else showJoin();
  setInterval(tick, 500);
  WIDE.addEventListener("change", render);
  window.diplomasi = { drop: (pause) => link.drop(pause) }; // for the tests: a connection drop
}

function readStore() {
  try { return JSON.parse(localStorage.getItem(STORE) || "null"); } catch { return null; }
}

function clean(code) { return code.toUpperCase().replace(/[^A-Z0-9]/g, ""); }

function join(code, device) {
  state.code = code;
  state.joining = true;
  state.joinError = "";
  showJoin();
  link.start(code, currentLanguage(), device);
}

function leave() {
  link.stop();
  localStorage.removeItem(STORE);
  state.welcome = null;
  state.view = null;
  state.sequence = -1;
  state.everJoined = false;
  state.moves.clear();
  showJoin();
}

function otherLanguage() { return LANGUAGE_NAMES[currentLanguage() === "en" ? "id" : "en"]; }

function switchLanguage() {
  setLanguage(currentLanguage() === "en" ? "id" : "en");
  localStorage.setItem(LANGUAGE_STORE, currentLanguage());
  document.getElementById("toasts").replaceChildren(); // they were in the other language
  state.builderKey = "";
  if (state.screen === "game") render();
  else showJoin();
}

// --- messages from the host ---------------------------------------------------------------------
function onLinkState(value) {
  state.connection = value;
  if (value === "open") {
    state.sequence = -1; // a restarted host counts its views from the start again
  }
  if (value === "stopped" && state.screen === "game") {
    state.screen = "join";
    showJoin();
    return;
  }
  if (state.screen === "game") renderTop();
}

function onMessage(message) {
  switch (message.type) {
    case "welcome": {
      if (message.role !== "team") { // the teacher's code: this page is the teams'
        link.stop();
        state.joining = false;
        state.joinError = tr("net.error.teams_only");
        showJoin();
        return;
      }
      state.welcome = message;
      state.joining = false;
      localStorage.setItem(STORE, JSON.stringify({ code: state.code, device: message.device }));
      if (state.everJoined) toast(tr("browser.reconnected"));
      state.everJoined = true;
      break;
    }
    case "view":
      if (message.sequence <= state.sequence) return;
      state.sequence = message.sequence;
      state.view = message.view;
      state.receivedAt = performance.now();
      setSetting(message.view.setting);
      if (state.screen !== "game") {
        state.screen = "game";
        state.tab = firstTab();
        showGame();
      }
      render();
      break;
    case "ack": {
      const what = state.moves.get(message.id);
      state.moves.delete(message.id);
      if (what === "propose" || what === "counter") {
        state.draft = null;
        state.counter = null;
        state.effect = null;
        state.wwit = null;
        state.builderKey = "";
        setTab("offers");
      }
      toast(tr("browser.saved"), "good");
      if (state.screen === "game") render();
      break;
    }
    case "answer":
      onAnswer(message);
      break;
    case "error":
      onError(message);
      break;
    default:
      break;
  }
}

function onError(message) {
  if (!state.welcome && !message.id) { // the code was refused
    link.stop();
    state.joining = false;
    state.joinError = errorText(message);
    showJoin();
    return;
  }
  if (message.id && state.queries.has(message.id)) {
    const what = state.queries.get(message.id);
    state.queries.delete(message.id);
    if (what.kind === "effect" && state.effect?.key === what.key) state.effect = { key: what.key, error: errorText(message) };
    if (what.kind === "wwit" && state.wwit?.key === what.key) {
      state.wwit.answers[what.partner] = { error: errorText(message) };
      state.wwit.asking -= 1;
    }
    renderEffect();
    return;
  }
  state.moves.delete(message.id);
  toast(errorText(message), "bad");
  if (state.screen === "game") render();
}

function onAnswer(message) {
  const what = state.queries.get(message.id);
  state.queries.delete(message.id);
  if (!what) return;
  if (what.kind === "effect" && state.effect?.key === what.key) state.effect = { key: what.key, result: message.result.effect };
  if (what.kind === "offer") state.offerEffects.set(what.key, message.result.effect);
  if (what.kind === "wwit" && state.wwit?.key === what.key) {
    state.wwit.answers[what.partner] = message.result;
    state.wwit.asking -= 1;
  }
  if (what.kind === "offer") renderOffers();
  else renderEffect();
}

// --- moves and questions --------------------------------------------------------------------------
function act(what, move) {
  const id = newId("m");
  state.moves.set(id, what);
  link.send({ type: "act", id, move });
  render();
}

function sending(what) {
  for (const value of state.moves.values()) if (value === what) return true;
  return false;
}

function ask(what, question) {
  const id = newId("q");
  state.queries.set(id, what);
  link.send({ type: "query", id, ...question });
}

// --- the join screen ------------------------------------------------------------------------------
function showJoin() {
  state.screen = state.screen === "game" && state.welcome ? "game" : "join";
  if (state.screen === "game") return;
  document.body.dataset.screen = "join";
  document.documentElement.lang = currentLanguage();
  document.getElementById("game").hidden = true;
  const box = document.getElementById("join");
  box.hidden = false;
  const input = h("input", {
    id: "code", name: "code", class: "code-input", value: state.code, autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", maxlength: 20, required: true,
    "aria-describedby": "code-hint", "data-test": "code",
  });
  const form = h("form", {
    class: "card join-card",
    onsubmit: (event) => {
      event.preventDefault();
      const code = clean(input.value);
      if (code) join(code, readStore()?.code === code ? readStore().device : null);
    },
  },
  h("h1", { class: "brand" }, h("img", { src: "icon.svg", alt: "", width: 40, height: 40 }), "Diplomasi"),
  h("h2", { text: tr("browser.join.heading") }),
  h("label", { for: "code", text: tr("browser.join.code") }),
  input,
  h("p", { id: "code-hint", class: "muted", text: tr("browser.join.hint") }),
  state.joinError ? h("p", { class: "error", role: "alert", text: state.joinError }) : null,
  h("button", { type: "submit", class: "primary big", disabled: state.joining, "data-test": "join" },
    state.joining ? tr("browser.join.joining") : tr("browser.join.button")),
  h("button", { type: "button", class: "link", onclick: switchLanguage, title: tr("browser.language_tip", { language: otherLanguage() }), "data-test": "language" },
    otherLanguage()));
  fill(box, form);
}

function showGame() {
  document.body.dataset.screen = "game";
  document.getElementById("join").hidden = true;
  document.getElementById("game").hidden = false;
}

// --- tabs -------------------------------------------------------------------------------------------
function firstTab() {
  const view = state.view;
  if (view.game_over) return "home";
  if (view.phase === "compliance") return "compliance";
  if (view.phase === "diplomacy") return waitingOffers().length ? "offers" : "propose";
  return "home";
}

function setTab(tab) {
  state.tab = tab;
  if (CENTRE.includes(tab)) state.centre = tab;
  if (state.screen === "game") {
    render();
    window.scrollTo({ top: 0 });
  }
}

function waitingOffers() {
  return (state.view?.negotiations || []).filter((n) => n.waiting_for_me);
}

// --- rendering --------------------------------------------------------------------------------------
function render() {
  if (state.screen !== "game" || !state.view) return;
  document.documentElement.lang = currentLanguage();
  if (state.view.game_over && !state.overSeen) { // the end: the result first
    state.overSeen = true;
    state.tab = "home";
    state.centre = "offers";
  }
  const wide = WIDE.matches;
  let tab = state.tab;
  if (wide && !CENTRE.includes(tab)) tab = state.centre;
  document.body.dataset.tab = tab;
  document.body.dataset.sequence = String(state.sequence); // the view shown (the tests wait on it)
  renderTop();
  renderNotice();
  renderHome();
  renderOffers();
  renderPropose();
  renderCompliance();
  renderRanking();
  renderNext();
  renderTabs();
}

function me() { return state.view.country; }

function myRow() { return (state.view.leaderboard || []).find((row) => row.country === me()); }

function remaining() {
  const timer = state.view?.timer;
  if (!timer || !timer.active) return null;
  let left = timer.remaining;
  if (timer.running && !state.view.paused) left -= (performance.now() - state.receivedAt) / 1000;
  return Math.max(0, left);
}

function tick() {
  const element = document.getElementById("timer");
  if (!element || !state.view) return;
  const left = remaining();
  if (left === null) return;
  element.textContent = left > 0 ? clock(left) : tr("browser.time_up");
  element.classList.toggle("low", left < 60);
}

function renderTop() {
  const view = state.view;
  if (!view) return;
  const top = document.getElementById("top");
  const row = myRow();
  const left = remaining();
  const connection = state.connection === "open" ? "open" : state.connection === "lost" ? "lost" : "connecting";
  const pending = state.moves.size;
  fill(top,
    h("div", { class: "top-row" },
      h("div", { class: "who" },
        h("div", { class: "country", "data-test": "country" }, flagImage(me()), countryName(me())),
        h("div", { class: "team muted", text: view.team && view.team !== me() ? view.team : scenarioTitle() })),
      left !== null && view.phase === "diplomacy"
        ? h("div", { class: "timer", title: tr("browser.timer") },
          h("span", { class: "sr", text: tr("browser.timer") + " " }),
          h("span", { id: "timer", "data-test": "timer", text: left > 0 ? clock(left) : tr("browser.time_up") }))
        : null,
      h("button", { class: "lang", type: "button", onclick: switchLanguage, title: tr("browser.language_tip", { language: otherLanguage() }), "data-test": "language" },
        currentLanguage() === "en" ? "ID" : "EN")),
    h("div", { class: "top-row sub" },
      h("span", { class: "turn", "data-test": "turn", text: tr("ui.game.turn_status", { turn: view.turn, turns: turnsShown(view), phase: tr(`phase.${view.phase}`) }).replace(/\s\s+/g, " ") }),
      row ? h("span", { class: "score-chip", "data-test": "score" }, tr("ui.game.score"), " ", h("b", { text: number(row.score, 1) })) : null),
    h("div", { class: `connection ${connection}`, "data-test": "connection", "data-state": connection },
      h("span", { class: "dot" }),
      tr(`browser.connection.${connection}`),
      pending ? h("span", { class: "pending", "data-test": "pending", text: " · " + tr("browser.pending", { count: pending }) }) : null));
}

function scenarioTitle() {
  const title = state.view.title || {};
  return title[currentLanguage()] || title.en || "";
}

function renderNotice() {
  const view = state.view;
  const box = document.getElementById("notice");
  let text = "";
  let kind = "";
  if (view.game_over) { text = tr("browser.over"); kind = "done"; }
  else if (view.paused) { text = tr("browser.paused"); kind = "warn"; }
  else if (!view.deciding) {
    text = view.phase === "diplomacy" && view.ended ? tr("browser.waiting.diplomacy_ended")
      : view.phase === "compliance" && view.ended ? tr("browser.waiting.compliance_ended") : tr("browser.waiting.others");
    kind = "wait";
  } else if (view.phase === "news") text = tr("ui.status.news");
  else if (view.phase === "diplomacy") text = tr("ui.status.diplomacy", { delegations: view.observation.me.delegations_left, offers: waitingOffers().length }).replace(/\s\s+/g, " ");
  else if (view.phase === "compliance") text = tr("ui.status.compliance", { count: view.observation.obligations.length });
  box.className = `notice ${kind}`;
  box.dataset.test = "notice";
  box.textContent = text;
}

function heading(text, extra = null) { return h("h2", { class: "heading" }, text, extra); }

// --- the country: score, news, last year, agreements ---------------------------------------------------
function renderHome() {
  const view = state.view;
  const box = document.getElementById("home");
  const row = myRow();
  const count = view.leaderboard.length;
  const parts = [];
  if (view.game_over) parts.push(endCard("end-narrow"));
  if (row) {
    const limit = Math.max(0.5, ...scoreTerms().map((t) => Math.abs(row.terms[t] || 0)));
    parts.push(h("div", { class: "card score-card" },
      h("div", { class: "score-head" },
        h("div", {}, h("div", { class: "muted small", text: tr("browser.your_country", { name: countryName(me()) }) }),
          h("div", { class: "big-number", text: number(row.score, 1) })),
        h("div", { class: "rank" }, tr("ui.game.rank", { rank: row.rank, count }))),
      row.par !== null && row.par !== undefined
        ? h("div", { class: "muted small", text: tr("ui.par.line", { par: number(row.par, 1), difference: signed(row.score_minus_par, 1) }) }) : null,
      view.turn === 1 && view.phase !== "finished" && row.score === 0 ? h("div", { class: "muted small", text: tr("ui.game.rank_start") }) : null,
      h("ul", { class: "terms" }, scoreTerms().map((term) => barRow(termName(term), row.terms[term] || 0, limit)))));
  }
  parts.push(newsCard());
  parts.push(reportCard());
  parts.push(agreementsCard());
  parts.push(h("button", { class: "link", type: "button", onclick: leave, title: tr("browser.join.leave_tip"), "data-act": "leave" }, tr("browser.join.leave")));
  fill(box, parts);
}

function barRow(label, value, limit, digits = 1) {
  const width = Math.min(50, (50 * Math.abs(value)) / (limit || 1));
  const bar = h("span", { class: `bar ${value >= 0 ? "up" : "down"}` });
  bar.style.width = `${width}%`;
  if (value < 0) bar.style.right = "50%";
  else bar.style.left = "50%";
  return h("li", { class: "bar-row" },
    h("span", { class: "label", text: label }),
    h("span", { class: "track" }, bar),
    h("span", { class: `value ${value > 0.05 ? "good" : value < -0.05 ? "bad" : ""}`, text: signed(value, digits) }));
}

function newsCard() {
  const view = state.view;
  const events = view.news || [];
  return h("div", { class: "card", "data-test": "news" },
    heading(tr("ui.game.news", { turn: view.turn })),
    events.length ? h("ul", { class: "plain" }, events.map(eventItem)) : h("p", { class: "muted", text: tr("ui.game.quiet_year") }));
}

function eventItem(event) {
  const who = event.countries?.length ? names(event.countries) : tr("ui.game.everyone");
  return h("li", { class: "event" },
    h("div", { class: "event-title", text: eventTitle(event) }),
    h("div", { class: "muted small", text: cap(who) }),
    eventText(event) ? h("p", { class: "small", text: eventText(event) }) : null);
}

function reportCard() {
  const report = state.view.last_report;
  if (!report) return null;
  const agreements = state.view.observation.agreements || [];
  const named = (id) => { const found = agreements.find((a) => a.id === id); return found ? agreementName(found) : id; };
  return h("div", { class: "card" },
    heading(tr("ui.report.title"), h("span", { class: "muted small", text: " · " + tr("ui.report.turn", { turn: report.turn }) })),
    report.events.length ? h("ul", { class: "plain" }, report.events.map(eventItem)) : null,
    h("p", { class: "small", text: tr("ui.report.made", { count: report.agreements_made.length }) }),
    report.agreements_made.length ? h("ul", { class: "report-list small" }, report.agreements_made.map((id) => h("li", { text: named(id) }))) : null,
    report.breaches.length
      ? h("div", {}, h("p", { class: "small bad", text: tr("ui.report.breaches", { count: report.breaches.length }) }),
        h("ul", { class: "plain small" }, report.breaches.map((b) => h("li", { text: `${countryName(b.country)}: ${named(b.agreement)}` }))))
      : h("p", { class: "small good", text: tr("ui.report.no_breaches") }));
}

function agreementsCard() {
  const view = state.view;
  const mine = (view.observation.agreements || []).filter((a) => a.parties.includes(me()) && a.ended_turn === null);
  return h("div", { class: "card" },
    heading(tr("ui.game.agreements_in_force")),
    mine.length ? h("ul", { class: "plain agreements" }, mine.map((a) => h("li", {},
      h("div", { class: "agreement-name", text: agreementName(a) }),
      h("div", { class: "muted small", text: tr("ui.game.agreement_line", { type: cap(agreementTypeName(a.parties)), partners: names(a.parties.filter((p) => p !== me())), years: a.start_turn + a.duration - view.turn }) }))))
      : h("p", { class: "muted", text: tr("ui.game.no_agreements") }));
}

function endCard(where) {
  const view = state.view;
  const row = myRow();
  return h("div", { class: `card end-card ${where}`, "data-test": where === "end-narrow" ? "end" : "end-wide" },
    h("h2", { class: "heading", text: tr("ui.end.title", { scenario: scenarioTitle() }) }),
    row ? h("p", { class: "end-line", text: tr("ui.end.debrief.result", { name: countryName(me()), rank: row.rank, count: view.leaderboard.length, score: number(row.score, 1) }) }) : null,
    row && row.par !== null && row.par !== undefined
      ? h("p", { class: "small muted", text: tr("ui.par.line", { par: number(row.par, 1), difference: signed(row.score_minus_par, 1) }) }) : null);
}

// --- offers ---------------------------------------------------------------------------------------------
function renderOffers() {
  const view = state.view;
  const box = document.getElementById("offers");
  if (!view) return;
  const all = view.negotiations || [];
  const waiting = all.filter((n) => n.waiting_for_me);
  const open = all.filter((n) => !n.waiting_for_me && n.status === "open");
  const closed = all.filter((n) => n.status !== "open");
  const parts = [view.game_over ? endCard("end-wide") : null, heading(tr("ui.inbox.title"))];
  if (!all.length) parts.push(h("p", { class: "muted card", text: view.phase === "diplomacy" ? tr("ui.inbox.nothing") : tr("ui.game.not_diplomacy") }));
  const section = (key, items) => items.length ? [h("h3", { class: "section", text: tr(key, { count: items.length }) }), ...items.map(offerCard)] : [];
  parts.push(...section("ui.inbox.section.waiting", waiting), ...section("ui.inbox.section.yours", open), ...section("ui.inbox.section.closed", closed));
  fill(box, parts);
}

function current(negotiation) { return negotiation.offers[negotiation.offers.length - 1]; }

function offerCard(negotiation) {
  const view = state.view;
  const offer = current(negotiation);
  const others = negotiation.parties.filter((p) => p !== me());
  const waiting = negotiation.waiting_for_me;
  const title = waiting ? tr("ui.inbox.heading.from", { name: countryName(offer.by) })
    : negotiation.status === "open" ? tr("ui.inbox.heading.yours", { parties: names(others) })
      : tr("ui.inbox.item.closed", { parties: names(others), status: tr(`ui.inbox.status.${negotiation.status}`) });
  const facts = tr("ui.inbox.facts", {
    type: cap(agreementTypeName(negotiation.parties)), parties: names(negotiation.parties),
    offer: negotiation.offers.length, rounds: view.setting.rules.negotiation_rounds, count: offer.duration,
  });
  const answers = others.map((partner) => {
    const answer = offer.by === partner ? "offered" : negotiation.answers?.[partner] || "waiting";
    const reasons = negotiation.reasons?.[partner];
    return h("li", { class: "answer" },
      h("div", {}, h("b", { text: countryName(partner) }), " ", tr(`ui.inbox.answer.${answer}`)),
      reasons ? reasonList(reasons) : null);
  });
  const card = h("article", { class: `card offer ${waiting ? "waiting" : ""} status-${negotiation.status}`, "data-test": "offer", "data-negotiation": negotiation.id, "data-waiting": waiting ? "yes" : "no" },
    h("h3", { class: "offer-title", text: title }),
    h("p", { class: "muted small", text: facts }),
    h("ul", { class: "clauses" }, offer.clauses.map((c) => h("li", { text: cap(clauseText(c)) }))),
    h("div", { class: "small muted", text: tr("ui.inbox.answers") }),
    h("ul", { class: "plain answers" }, answers),
    negotiation.status === "agreed" ? h("p", { class: "good small", text: tr("ui.inbox.agreed") }) : null);
  if (waiting) {
    const key = `${negotiation.id}:${negotiation.offers.length}`;
    const effect = state.offerEffects.get(key);
    if (effect === undefined && !state.offerEffects.has(key)) {
      state.offerEffects.set(key, null);
      ask({ kind: "offer", key }, { question: "projected_effect", parties: negotiation.parties, clauses: offer.clauses, duration: offer.duration });
    }
    card.append(h("div", { class: "effect-box" },
      h("div", { class: "small muted", text: tr("ui.inbox.effect_on_you") }),
      effect ? effectTotal(effect) : h("span", { class: "muted small", text: tr("browser.asking") })));
    const busy = sending(`answer:${negotiation.id}`);
    const canAct = view.deciding && !view.paused && !view.game_over;
    card.append(h("div", { class: "actions" },
      h("button", { class: "good-button", "data-act": "accept", disabled: busy || !canAct, onclick: () => act(`answer:${negotiation.id}`, { kind: "accept", negotiation: negotiation.id }) },
        busy ? tr("browser.sending") : tr("ui.inbox.accept")),
      h("button", { class: "bad-button", "data-act": "reject", disabled: busy || !canAct, onclick: () => act(`answer:${negotiation.id}`, { kind: "reject", negotiation: negotiation.id }) },
        tr("ui.inbox.reject")),
      h("button", { class: "plain-button", "data-act": "counter", disabled: busy || !canAct || negotiation.offers.length >= view.setting.rules.negotiation_rounds, onclick: () => startCounter(negotiation) },
        tr("ui.inbox.counter"))));
  } else if (negotiation.status === "open" && offer.by === me()) {
    const busy = sending(`withdraw:${negotiation.id}`);
    card.append(h("div", { class: "actions" },
      h("button", { class: "plain-button", "data-act": "withdraw", disabled: busy || view.game_over, onclick: () => act(`withdraw:${negotiation.id}`, { kind: "withdraw", negotiation: negotiation.id }) },
        busy ? tr("browser.sending") : tr("ui.inbox.withdraw"))));
  }
  return card;
}

function reasonList(decision) {
  const reasons = (decision.reasons || []).filter((r) => Math.abs(r.points) >= 0.05).sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  return h("div", { class: "reasons" },
    h("span", { class: "small muted", text: tr("ui.inbox.because") }),
    reasons.length ? reasons.map((r) => h("span", { class: `reason ${r.points > 0 ? "good" : "bad"}` }, reasonText(r), " ", h("b", { text: signed(r.points, 1) })))
      : h("span", { class: "small muted", text: tr("ui.inbox.reasons_unavailable") }));
}

function effectTotal(effect) {
  const total = effect.total || 0;
  return h("div", { class: "effect-total" },
    h("b", { class: total > 0.05 ? "good" : total < -0.05 ? "bad" : "", "data-test": "offer-effect", text: signed(total, 1) }),
    h("span", { class: "small muted", text: " " + scoreTerms().filter((t) => Math.abs(effect[t] || 0) >= 0.05).map((t) => `${termName(t)} ${signed(effect[t], 1)}`).join(" · ") }));
}

function startCounter(negotiation) {
  const offer = current(negotiation);
  state.counter = negotiation.id;
  state.draft = draftFrom(negotiation.parties.filter((p) => p !== me()), offer.clauses, offer.duration);
  state.builderKey = "";
  state.effect = null;
  state.wwit = null;
  setTab("propose");
}

// --- the proposal builder ----------------------------------------------------------------------------------
function rules() { return state.view.setting.rules; }

function newDraft() {
  const clauses = {};
  for (const kind of CLAUSE_KINDS) {
    clauses[kind] = { on: false, level: 0.5, steps: rules().default_amount_steps, amount: null, giver: null, receiver: null, training: true, form: "grant" };
  }
  return { partners: [], clauses, duration: rules().default_duration };
}

function draftFrom(partners, clauses, duration) {
  const draft = newDraft();
  draft.partners = [...partners];
  draft.duration = duration;
  for (const clause of clauses) {
    const entry = draft.clauses[clause.kind];
    Object.assign(entry, { on: true, level: clause.level, giver: clause.giver, receiver: clause.receiver, training: !!clause.training, form: clause.form || "grant" });
    if (AMOUNTS.has(clause.kind)) {
      entry.amount = clause.amount;
      const gdp = state.view.setting.countries[clause.giver]?.gdp || 1;
      entry.steps = Math.max(1, Math.min(rules().amount_steps, Math.round(clause.amount / (gdp * rules().amount_step))));
    }
  }
  return draft;
}

function parties(draft) {
  if (state.counter !== null) {
    const negotiation = (state.view.negotiations || []).find((n) => n.id === state.counter);
    if (negotiation) return negotiation.parties;
  }
  return [me(), ...draft.partners];
}

function amountAt(steps, giver, receiver) {
  const r = rules();
  const countries = state.view.setting.countries;
  const gdp = countries[giver]?.gdp || 0;
  const limit = Math.min(r.maximum_amount_share * gdp, r.maximum_received_share * (countries[receiver]?.gdp || 0));
  const amount = Math.round(gdp * r.amount_step * Math.max(1, Math.min(r.amount_steps, steps)) * 1000) / 1000;
  return amount > limit ? Math.floor(limit * 1000) / 1000 : amount;
}

/** The draft's clauses as the protocol writes them (only those complete). */
function draftClauses(draft) {
  const all = parties(draft);
  const result = [];
  for (const kind of CLAUSE_KINDS) {
    const c = draft.clauses[kind];
    if (!c.on) continue;
    if (DIRECTED.has(kind)) {
      if (!all.includes(c.giver) || !all.includes(c.receiver) || c.giver === c.receiver) return null;
      if (AMOUNTS.has(kind)) {
        const clause = { kind, amount: c.amount ?? amountAt(c.steps, c.giver, c.receiver), giver: c.giver, receiver: c.receiver };
        if (kind === "development_aid") clause.form = c.form;
        result.push(clause);
      } else result.push({ kind, level: c.level, giver: c.giver, receiver: c.receiver, training: c.training });
    } else result.push({ kind, level: c.level });
  }
  return result;
}

function draftQuestion(draft) {
  const clauses = draftClauses(draft);
  const all = parties(draft);
  if (!clauses || !clauses.length || all.length < 2) return null;
  return { parties: all, clauses, duration: draft.duration };
}

function builderState() {
  const view = state.view;
  if (view.game_over) return tr("net.error.game_over");
  if (view.phase !== "diplomacy") return tr("ui.game.not_diplomacy");
  if (state.counter === null) {
    if (view.answers_only) return tr("refusal.answers_only");
    if (view.observation.me.delegations_left <= 0) return tr("refusal.no_delegations");
  }
  return null;
}

function renderPropose() {
  const view = state.view;
  const box = document.getElementById("propose");
  if (state.counter !== null && !(view.negotiations || []).some((n) => n.id === state.counter && n.waiting_for_me)) {
    state.counter = null; // answered, withdrawn or over meanwhile
    state.draft = null;
  }
  if (!state.draft) state.draft = newDraft();
  const blocked = builderState();
  const draft = state.draft;
  const key = JSON.stringify([currentLanguage(), blocked, state.counter, draft.partners, CLAUSE_KINDS.map((k) => [draft.clauses[k].on, draft.clauses[k].giver, draft.clauses[k].receiver, draft.clauses[k].training, draft.clauses[k].form]),
    view.observation.me.delegations_left, sending("propose") || sending("counter"), view.deciding, view.paused, view.turn]);
  if (key === state.builderKey) { renderEffect(); return; }
  state.builderKey = key;
  const parts = [];
  const negotiation = state.counter !== null ? view.negotiations.find((n) => n.id === state.counter) : null;
  parts.push(heading(negotiation ? tr("ui.negotiation.title_counter", { parties: names(negotiation.parties.filter((p) => p !== me())) }) : tr("ui.negotiation.title_new")));
  if (negotiation) parts.push(h("button", { class: "link", onclick: () => { state.counter = null; state.draft = null; state.builderKey = ""; render(); } }, tr("browser.cancel_counter")));
  if (blocked && !negotiation) {
    parts.push(h("p", { class: "card muted", "data-test": "builder-blocked", text: blocked }));
    fill(box, parts);
    return;
  }
  if (!negotiation) parts.push(partnerPicker(draft));
  parts.push(typeCard(draft, !negotiation));
  parts.push(h("h3", { class: "section", text: tr("ui.negotiation.clauses") }));
  parts.push(h("div", { class: "clause-list" }, CLAUSE_KINDS.map((kind) => clauseEditor(draft, kind))));
  parts.push(durationEditor(draft));
  parts.push(h("div", { id: "effect", class: "card effect", "data-test": "effect" }));
  parts.push(h("div", { id: "wwit", class: "card wwit" }));
  const busy = sending("propose") || sending("counter");
  const canSend = view.deciding && !view.paused;
  parts.push(h("div", { class: "send-bar" },
    h("button", { id: "send", class: "primary big", "data-act": "send", disabled: busy || !canSend, onclick: sendDraft },
      busy ? tr("browser.sending") : tr(negotiation ? "ui.negotiation.send_counter" : "ui.negotiation.send"))));
  fill(box, parts);
  renderEffect(true);
}

function partnerPicker(draft) {
  const view = state.view;
  const ids = view.observation.country_ids.filter((c) => c !== me());
  return h("div", { class: "card" },
    h("div", { class: "small muted", text: tr("ui.negotiation.partners") }),
    h("div", { class: "chips" }, ids.map((id) => {
      const chosen = draft.partners.includes(id);
      const team = view.teams?.[id];
      return h("button", {
        class: `chip ${chosen ? "on" : ""}`, "aria-pressed": chosen ? "true" : "false", "data-partner": id,
        onclick: () => {
          draft.partners = chosen ? draft.partners.filter((p) => p !== id) : [...draft.partners, id];
          fixDirections(draft);
          changed(true);
        },
      }, countryName(id), team ? h("span", { class: "badge", text: tr("browser.team") }) : null);
    })));
}

function fixDirections(draft) {
  const all = parties(draft);
  for (const kind of DIRECTED) {
    const c = draft.clauses[kind];
    if (!all.includes(c.giver) || !all.includes(c.receiver) || c.giver === c.receiver) {
      c.giver = all.length > 1 ? all[1] : null;
      c.receiver = all[0];
      c.amount = null;
    }
  }
}

function typeCard(draft, showDelegations) {
  const all = parties(draft);
  if (all.length < 2) return h("div", { class: "card type-card" }, h("b", { text: tr("ui.negotiation.no_partner") }));
  const kind = agreementType(all);
  return h("div", { class: "card type-card" },
    h("div", { class: "small muted", text: tr("ui.negotiation.type") }),
    h("div", { class: "type-name", text: cap(agreementTypeName(all)) }),
    h("div", { class: "small", text: tr(`ui.negotiation.type_explain.${kind}`) }),
    showDelegations ? h("div", { class: "small muted", text: tr("ui.negotiation.delegations", { count: state.view.observation.me.delegations_left }) }) : null);
}

function clauseEditor(draft, kind) {
  const c = draft.clauses[kind];
  const all = parties(draft);
  const toggle = h("button", {
    class: `clause-toggle ${c.on ? "on" : ""}`, "aria-pressed": c.on ? "true" : "false", "data-clause": kind, title: tr("ui.negotiation.toggle_tip"),
    onclick: () => { c.on = !c.on; if (c.on) fixDirections(draft); changed(true); },
  }, h("span", { class: "tick", text: c.on ? "✓" : "+" }), cap(clauseName(kind)));
  if (!c.on) return h("div", { class: "clause" }, toggle);
  const body = [];
  if (DIRECTED.has(kind)) {
    const pairs = [];
    for (const giver of all) for (const receiver of all) if (giver !== receiver) pairs.push([giver, receiver]);
    body.push(h("label", { class: "field" }, h("span", { class: "small muted", text: tr("browser.direction") }),
      h("select", {
        title: tr("ui.negotiation.direction_tip"), "data-direction": kind,
        onchange: (event) => { const [g, r] = event.target.value.split(">"); c.giver = g; c.receiver = r; c.amount = null; changed(true); },
      }, pairs.map(([g, r]) => h("option", { value: `${g}>${r}`, selected: g === c.giver && r === c.receiver, text: tr("ui.negotiation.direction", { giver: countryName(g), receiver: countryName(r) }) })))));
  }
  if (AMOUNTS.has(kind)) {
    const label = h("b", { class: "slider-value", text: money(c.amount ?? amountAt(c.steps, c.giver, c.receiver)) });
    body.push(h("label", { class: "field" }, h("span", { class: "small muted" }, tr("browser.amount"), " ", label),
      h("input", {
        type: "range", min: 1, max: rules().amount_steps, step: 1, value: c.steps, "data-amount": kind,
        oninput: (event) => { c.steps = Number(event.target.value); c.amount = null; label.textContent = money(amountAt(c.steps, c.giver, c.receiver)); changed(false); },
      })));
  } else {
    const levels = rules().levels;
    const position = Math.max(1, levels.findIndex((l) => Math.abs(l - c.level) < 1e-9) + 1 || Math.round(c.level / levels[0]));
    const label = h("b", { class: "slider-value", text: percent(c.level) });
    body.push(h("label", { class: "field" }, h("span", { class: "small muted" }, tr("browser.level"), " ", label),
      h("input", {
        type: "range", min: 1, max: levels.length, step: 1, value: position, "data-level": kind,
        oninput: (event) => { c.level = levels[Number(event.target.value) - 1]; label.textContent = percent(c.level); changed(false); },
      })));
  }
  if (kind === "technology_transfer") {
    body.push(h("button", { class: `toggle ${c.training ? "on" : ""}`, "aria-pressed": c.training ? "true" : "false", title: tr("ui.negotiation.training_tip"), onclick: () => { c.training = !c.training; changed(true); } },
      tr(c.training ? "ui.negotiation.training_on" : "ui.negotiation.training_off")));
  }
  if (kind === "development_aid") {
    body.push(h("div", { class: "segmented", title: tr("ui.negotiation.form_tip") }, ["grant", "loan"].map((form) =>
      h("button", { class: c.form === form ? "on" : "", "aria-pressed": c.form === form ? "true" : "false", onclick: () => { c.form = form; changed(true); } }, cap(tr(`ui.aid.${form}`))))));
  }
  return h("div", { class: "clause on" }, toggle, h("div", { class: "clause-body" }, body));
}

function durationEditor(draft) {
  const label = h("b", { class: "slider-value", text: tr("ui.negotiation.duration", { count: draft.duration }) });
  return h("label", { class: "card field" }, label,
    h("input", {
      type: "range", min: 1, max: rules().maximum_duration, step: 1, value: draft.duration, "data-duration": "",
      oninput: (event) => { draft.duration = Number(event.target.value); label.textContent = tr("ui.negotiation.duration", { count: draft.duration }); changed(false); },
    }));
}

let effectTimer = null;

/** The draft changed: rebuild the builder if its shape changed, and ask for the new effect. */
function changed(rebuild) {
  state.wwit = null;
  if (rebuild) renderPropose();
  clearTimeout(effectTimer);
  effectTimer = setTimeout(askEffect, 250);
  renderEffect();
}

function askEffect() {
  const question = draftQuestion(state.draft);
  if (!question) { state.effect = null; renderEffect(); return; }
  const key = JSON.stringify(question);
  if (state.effect?.key === key && (state.effect.result || state.effect.asking)) return;
  state.effect = { key, asking: true };
  ask({ kind: "effect", key }, { question: "projected_effect", ...question });
  renderEffect();
}

function renderEffect(fresh = false) {
  const box = document.getElementById("effect");
  if (!box || !state.draft) return;
  const question = draftQuestion(state.draft);
  const key = question ? JSON.stringify(question) : null;
  if (fresh && key && state.effect?.key !== key) { clearTimeout(effectTimer); effectTimer = setTimeout(askEffect, 50); }
  const parts = [heading(tr("ui.negotiation.projection"))];
  if (!question) parts.push(h("p", { class: "muted", text: tr("ui.negotiation.projection_none") }));
  else if (state.effect?.key === key && state.effect.result) {
    const effect = state.effect.result;
    const limit = Math.max(0.5, ...scoreTerms().map((t) => Math.abs(effect[t] || 0)));
    parts.push(h("p", { class: "small muted", text: tr("ui.negotiation.projection_years") }));
    parts.push(h("ul", { class: "terms" }, scoreTerms().map((t) => barRow(t === "independence" ? tr("ui.negotiation.independence") : termName(t), effect[t] || 0, limit))));
    const total = effect.total || 0;
    parts.push(h("div", { class: "total-row" }, h("span", { text: tr("ui.negotiation.projection_total") }),
      h("b", { class: total > 0.05 ? "good" : total < -0.05 ? "bad" : "", "data-test": "effect-total", text: signed(total, 1) })));
  } else if (state.effect?.key === key && state.effect.error) parts.push(h("p", { class: "bad small", text: state.effect.error }));
  else parts.push(h("p", { class: "muted", text: tr("browser.asking") }));
  fill(box, parts);
  renderWwit(question, key);
}

function renderWwit(question, key) {
  const box = document.getElementById("wwit");
  if (!box) return;
  const view = state.view;
  const parts = [h("p", { class: "small muted", text: tr("ui.negotiation.wwit_explain") })];
  parts.push(h("button", {
    class: "plain-button", "data-act": "wwit", title: tr("ui.negotiation.what_would_it_take_tip"), disabled: !question,
    onclick: () => askWwit(),
  }, tr("ui.negotiation.what_would_it_take")));
  if (!question) parts.push(h("p", { class: "small muted", text: tr("ui.negotiation.wwit_needs_draft") }));
  else if (state.wwit?.key === key) {
    const list = h("ul", { class: "plain wwit-list", "data-test": "wwit-answers" });
    for (const partner of question.parties.filter((p) => p !== me())) {
      const name = countryName(partner);
      if (view.teams?.[partner]) { list.append(h("li", { class: "small", text: tr("ui.negotiation.wwit_human", { name }) })); continue; }
      const answer = state.wwit.answers[partner];
      if (!answer) list.append(h("li", { class: "small muted", text: `${name}: ${tr("browser.asking_partners")}` }));
      else if (answer.error) list.append(h("li", { class: "small bad", text: `${name}: ${answer.error}` }));
      else if (!answer.available) list.append(h("li", { class: "small", text: tr("ui.negotiation.wwit_unavailable", { name }) }));
      else if (!answer.found) list.append(h("li", { class: "small", text: tr("ui.negotiation.wwit_nothing", { name }) }));
      else {
        const same = JSON.stringify(answer.clauses.map((c) => clauseText(c))) === JSON.stringify(question.clauses.map((c) => clauseText({ amount: 0, form: "grant", ...c }))) && answer.duration === question.duration;
        if (same) list.append(h("li", { class: "small good", text: tr("ui.negotiation.wwit_as_is", { name }) }));
        else {
          list.append(h("li", {},
            h("div", { class: "small", text: tr("ui.negotiation.wwit_version", { name }) }),
            h("ul", { class: "clauses" }, answer.clauses.map((c) => h("li", { text: cap(clauseText(c)) })), h("li", { class: "muted", text: tr("ui.negotiation.duration", { count: answer.duration }) })),
            h("button", { class: "plain-button", "data-act": "use-version", onclick: () => useVersion(answer) }, tr("ui.negotiation.use_version", { name }))));
        }
      }
    }
    parts.push(list);
  }
  fill(box, parts);
}

function askWwit() {
  const question = draftQuestion(state.draft);
  if (!question) return;
  const key = JSON.stringify(question);
  const partners = question.parties.filter((p) => p !== me() && !state.view.teams?.[p]);
  state.wwit = { key, answers: {}, asking: partners.length };
  for (const partner of partners) ask({ kind: "wwit", key, partner }, { question: "what_would_it_take", partner, ...question });
  renderEffect();
}

function useVersion(answer) {
  const draft = draftFrom(state.draft.partners, answer.clauses, answer.duration);
  state.draft = draft;
  state.builderKey = "";
  state.wwit = null;
  renderPropose();
}

function sendDraft() {
  const question = draftQuestion(state.draft);
  if (!question) { toast(tr("ui.negotiation.wwit_needs_draft"), "bad"); return; }
  if (state.counter !== null) act("counter", { kind: "counter", negotiation: state.counter, clauses: question.clauses, duration: question.duration });
  else act("propose", { kind: "propose", ...question });
}

// --- compliance --------------------------------------------------------------------------------------------
function keepKey(obligation) { return `${state.view.turn}:${obligation.agreement}:${obligation.clause}`; }

function renderCompliance() {
  const view = state.view;
  const box = document.getElementById("compliance");
  const parts = [heading(tr("ui.compliance.title"))];
  if (view.phase !== "compliance") {
    parts.push(h("p", { class: "card muted", text: view.game_over ? tr("browser.over") : tr("browser.compliance_later") }));
    fill(box, parts);
    return;
  }
  parts.push(h("p", { class: "muted small", text: tr("ui.compliance.subtitle") }));
  const obligations = view.observation.obligations || [];
  const agreements = view.observation.agreements || [];
  const canAct = view.deciding && !view.paused;
  if (!obligations.length) parts.push(h("p", { class: "card muted", text: tr("ui.compliance.nothing") }));
  let kept = 0;
  let gain = 0;
  for (const obligation of obligations) {
    const key = keepKey(obligation);
    const keep = state.keep.get(key) ?? true;
    if (keep) kept += 1;
    else gain += obligation.gain_if_broken || 0;
    const agreement = agreements.find((a) => a.id === obligation.agreement);
    const costs = Object.entries(obligation.trust_cost || {}).sort((a, b) => a[1] - b[1]);
    parts.push(h("article", { class: `card obligation ${keep ? "kept" : "broken"}`, "data-test": "obligation", "data-agreement": obligation.agreement, "data-clause": obligation.clause },
      h("div", { class: "obligation-name", text: agreement ? agreementName(agreement) : obligation.agreement }),
      h("div", { class: "small muted", text: tr("ui.compliance.with", { type: cap(agreementTypeName(agreement ? agreement.parties : [me(), ...obligation.partners])), partners: names(obligation.partners) }) }),
      h("div", { class: "clause-line", text: cap(clauseText(obligation)) }),
      "gain_if_broken" in obligation
        ? h("div", { class: "small", text: tr("ui.compliance.if_broken", { gain: signed(obligation.gain_if_broken, 2), total: signed(obligation.score_change_if_broken, 1) }) })
        : h("div", { class: "small muted", text: tr("ui.compliance.values_unavailable") }),
      costs.length ? h("div", { class: "small", text: tr("ui.compliance.trust_cost", { trust: costs.map(([p, c]) => `${countryName(p)} ${signed(100 * c, 0)}`).join(", ") }) }) : null,
      h("div", { class: "segmented keep-break" },
        h("button", { class: keep ? "on good-on" : "", "aria-pressed": keep ? "true" : "false", "data-act": "keep", disabled: !canAct, onclick: () => { state.keep.set(key, true); render(); } }, tr("ui.compliance.keep")),
        h("button", { class: keep ? "" : "on bad-on", "aria-pressed": keep ? "false" : "true", "data-act": "break", disabled: !canAct, onclick: () => { state.keep.set(key, false); render(); } }, tr("ui.compliance.break")))));
  }
  if (obligations.length) {
    parts.push(h("div", { class: "card summary", "data-test": "compliance-summary" },
      h("h3", { class: "section", text: tr("ui.compliance.summary") }),
      h("p", { text: tr("ui.compliance.kept_count", { kept, count: obligations.length }) }),
      kept < obligations.length ? h("p", { class: "small", text: tr("ui.compliance.gain_total", { gain: signed(gain, 2) }) }) : null,
      h("p", { class: `small ${kept < obligations.length ? "bad" : "good"}`, text: tr(kept < obligations.length ? "ui.compliance.warning" : "ui.compliance.all_kept") })));
  }
  fill(box, parts);
}

function endCompliance() {
  const keep = (state.view.observation.obligations || []).map((o) => ({ agreement: o.agreement, clause: o.clause, keep: state.keep.get(keepKey(o)) ?? true }));
  act("end_compliance", { kind: "end_compliance", keep });
}

// --- the leaderboard ----------------------------------------------------------------------------------------
function renderRanking() {
  const view = state.view;
  const box = document.getElementById("ranking");
  const rows = view.leaderboard || [];
  const par = rows.some((r) => r.par !== null && r.par !== undefined);
  fill(box,
    heading(tr("ui.end.leaderboard")),
    par ? h("p", { class: "small muted", text: tr("ui.par.ranked_by") }) : null,
    h("ol", { class: "leaderboard card", "data-test": "leaderboard" }, rows.map((row) => {
      const team = view.teams?.[row.country];
      return h("li", { class: `row ${row.country === me() ? "mine" : ""}` },
        h("span", { class: "place", text: String(row.rank) }),
        h("span", { class: "name" },
          flagImage(row.country),
          h("span", { text: countryName(row.country) }),
          team ? h("span", { class: "badge", text: team === row.country ? tr("browser.team") : team }) : null,
          row.country === me() ? h("span", { class: "badge you", text: tr("browser.you") }) : null,
          par && row.par !== null ? h("span", { class: "small muted block", text: tr("ui.par.row", { score: number(row.score, 1), par: number(row.par, 1) }) }) : null),
        h("span", { class: "points", text: par && row.score_minus_par !== null ? signed(row.score_minus_par, 1) : number(row.score, 1) }));
    })));
}

// --- the next step and the tabs -----------------------------------------------------------------------------
function renderNext() {
  const view = state.view;
  const box = document.getElementById("next");
  let button = null;
  const active = view.deciding && !view.paused && !view.game_over;
  if (active && view.phase === "news") {
    const busy = sending("begin_diplomacy");
    button = h("button", { class: "primary big", "data-act": "begin-diplomacy", disabled: busy, onclick: () => act("begin_diplomacy", { kind: "begin_diplomacy" }) },
      busy ? tr("browser.sending") : tr("ui.game.begin_diplomacy"));
  } else if (active && view.phase === "diplomacy") {
    const busy = sending("end_diplomacy");
    button = h("button", { class: "primary big", "data-act": "end-diplomacy", disabled: busy, onclick: () => act("end_diplomacy", { kind: "end_diplomacy" }) },
      busy ? tr("browser.sending") : tr("ui.game.end_diplomacy"));
  } else if (active && view.phase === "compliance") {
    const here = (WIDE.matches ? state.centre : state.tab) === "compliance";
    const busy = sending("end_compliance");
    button = here
      ? h("button", { class: "primary big", "data-act": "end-compliance", disabled: busy, onclick: endCompliance }, busy ? tr("browser.sending") : tr("ui.compliance.end_turn"))
      : h("button", { class: "primary big", "data-act": "go-compliance", onclick: () => setTab("compliance") }, tr("ui.game.decide_compliance"));
  }
  box.hidden = !button;
  fill(box, button);
}

function renderTabs() {
  const view = state.view;
  const wide = WIDE.matches;
  const shown = wide ? state.centre : state.tab;
  const count = waitingOffers().length;
  const tabs = [
    ["home", "⌂", tr("browser.tab.home"), 0],
    ["offers", "✉", tr("browser.tab.offers"), count],
    ["propose", "✎", tr("browser.tab.propose"), 0],
    ["compliance", "⚖", tr("browser.tab.compliance"), view.phase === "compliance" && view.deciding ? view.observation.obligations.length : 0],
    ["ranking", "☰", tr("browser.tab.ranking"), 0],
  ];
  fill(document.getElementById("tabs"), tabs.map(([tab, icon, label, badge]) =>
    h("button", { class: `tab ${shown === tab ? "on" : ""} ${CENTRE.includes(tab) ? "" : "narrow-only"}`, "data-tab": tab, "aria-current": shown === tab ? "page" : null, onclick: () => setTab(tab) },
      h("span", { class: "icon", "aria-hidden": "true", text: icon }),
      h("span", { class: "tab-label", text: label }),
      badge ? h("span", { class: "count", "data-test": `count-${tab}`, text: String(badge) }) : null)));
}

start();
