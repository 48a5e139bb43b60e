// The page's words: the game's catalogs (/i18n/en.json, /i18n/id.json, the same texts as the
// game window), numbers written as each language writes them, and the game's things in words
// (countries, clauses, reasons, events), as game/ui/text.py writes them for the window.

const catalogs = {};
let language = "en";
let setting = null; // the view's "setting": countries, currency, cards, rules

export async function loadCatalogs() {
  const [en, id] = await Promise.all(["en", "id"].map(async (code) => {
    const reply = await fetch(`/i18n/${code}.json`, { cache: "no-cache" });
    if (!reply.ok) throw new Error(`/i18n/${code}.json: ${reply.status}`);
    return reply.json();
  }));
  catalogs.en = en;
  catalogs.id = id;
}

export function setLanguage(code) { language = code === "id" ? "id" : "en"; }
export function currentLanguage() { return language; }
export function setSetting(value) { setting = value || null; }

/** The key of the plural form for ``count`` when the text has plural forms ("1 clause",
 *  "2 clauses": {one, other} in the catalogs, as game.i18n.plural_key chooses them). */
function pluralKey(key, values) {
  if (!("count" in values) || !catalogs.en || !(`${key}.other` in catalogs.en)) return key;
  return Number(values.count) === 1 ? `${key}.one` : `${key}.other`;
}

/** A catalog text with its %{name} values (English if missing, the key if missing everywhere). */
export function tr(key, values = {}) {
  key = pluralKey(key, values);
  const text = (catalogs[language] || {})[key] ?? (catalogs.en || {})[key] ?? key;
  return text.replace(/%\{(\w+)\}/g, (whole, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return typeof value === "number" ? plain(value) : String(value);
  });
}

/** How long the game is said to last, as "Turn 3 of …" ends: its last turn, or "about 10" when
 *  its end is hidden (the view carries the window, never the turn drawn; game.rules.ending). */
export function turnsShown(view) {
  return view.hidden_end ? tr("ui.game.about_turns", { turns: view.announced_turns }) : view.last_turn;
}

export function has(key) { return catalogs.en !== undefined && key in catalogs.en; }

export function cap(text) { return text ? text[0].toUpperCase() + text.slice(1) : text; }

// --- numbers --------------------------------------------------------------------------------
/** 1,234.5 in English, 1.234,5 in Indonesian; a true minus sign; never "−0". */
export function number(value, digits = 1) {
  let v = Number(value) || 0;
  if (Number(v.toFixed(digits)) === 0) v = 0;
  let text = Math.abs(v).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (language === "id") text = text.replace(/,/g, "\u0000").replace(/\./g, ",").replace(/\u0000/g, ".");
  return (v < 0 ? "\u2212" : "") + text;
}

export function signed(value, digits = 1) {
  const rounded = Number((Number(value) || 0).toFixed(digits));
  if (rounded === 0) return number(0, digits);
  return (rounded > 0 ? "+" : "") + number(rounded, digits);
}

export function percent(share, digits = 0) { return number(100 * share, digits) + "%"; }
export function signedPercent(share, digits = 1) { return signed(100 * share, digits) + "%"; }

function plain(value) {
  return Number.isInteger(value) ? String(value) : number(value, 2).replace(/[.,]?0+$/, "");
}

export function money(value) {
  const size = Math.abs(value);
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return `${number(value, digits)} ${scenarioText(setting?.currency)}`;
}

/** mm:ss */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// --- names ----------------------------------------------------------------------------------
export function scenarioText(text) {
  if (!text) return "";
  return text[language] || text.en || "";
}

export function countryName(id) {
  const country = setting?.countries?.[id];
  return country ? scenarioText(country.name) : String(id);
}

export function names(ids) {
  const parts = ids.map(countryName);
  if (parts.length <= 1) return parts.join("");
  return tr("ui.list_join", { first: parts.slice(0, -1).join(", "), last: parts[parts.length - 1] });
}

export function agreementType(parties) {
  if (parties.length <= 2) return "bilateral";
  const regions = new Set(parties.map((p) => setting?.countries?.[p]?.region));
  return regions.size === 1 ? "regional" : "multilateral";
}

export function agreementTypeName(parties) { return tr(`agreement_type.${agreementType(parties)}`); }

export function agreementName(agreement) {
  if (agreement.name) return scenarioText(agreement.name) || agreement.id;
  return tr("ui.agreement.made_name", { type: cap(agreementTypeName(agreement.parties)), parties: names(agreement.parties) });
}

// --- clauses --------------------------------------------------------------------------------
export const CLAUSE_KINDS = ["trade_liberalisation", "investment", "technology_transfer", "development_aid",
  "security_cooperation", "visa_facilitation", "education_exchange"];
export const DIRECTED = new Set(["investment", "technology_transfer", "development_aid"]);
export const AMOUNTS = new Set(["investment", "development_aid"]);

export function clauseName(kind) { return tr(`clause.${kind}`); }

/** "trade liberalisation 50%", "investment 2.5 trillion rupiah a year from Japan to Indonesia". */
export function clauseText(clause, short = false) {
  let name = clauseName(clause.kind);
  if (clause.kind === "technology_transfer" && clause.training) name = tr("ui.clause.with_training", { clause: name });
  if (clause.kind === "development_aid") name = tr("ui.clause.aid_form", { clause: name, form: tr(`ui.aid.${clause.form || "grant"}`) });
  const size = AMOUNTS.has(clause.kind) ? tr("ui.clause.amount_a_year", { amount: money(clause.amount) }) : percent(clause.level);
  let text = `${name} ${size}`;
  if (DIRECTED.has(clause.kind) && clause.giver && clause.receiver && !short) {
    text += " " + tr("ui.clause.direction", { giver: countryName(clause.giver), receiver: countryName(clause.receiver) });
  }
  return text;
}

/** One of a computer partner's reasons: "dependency on Japan −8". */
export function reasonText(reason) {
  const values = { ...(reason.values || {}) };
  for (const name of ["partner", "country"]) if (name in values) values[name] = countryName(values[name]);
  let key = `reason.${reason.key}`;
  if ("personality" in values) {  // what the personality likes, in words (not its name)
    if (has(`${key}_of.${values.personality}`)) key = `${key}_of.${values.personality}`;
    values.personality = tr(`personality.${values.personality}`);
  }
  return tr(key, values);
}

export function eventTitle(event) {
  const card = setting?.cards?.[event.card];
  return card ? scenarioText(card.title) : cap(tr(`event.${event.kind}`));
}

export function eventText(event) {
  const card = setting?.cards?.[event.card];
  return card ? scenarioText(card.text) : "";
}

export function termName(term) { return cap(tr(`term.${term}`)); }

/** An error from the host in the page's language (its own text if the key is unknown here). */
export function errorText(error) {
  const values = { ...(error.values || {}) };
  if (typeof values.clause === "string" && has(`clause.${values.clause}`)) values.clause = clauseName(values.clause);
  if (typeof values.country === "string" && setting?.countries?.[values.country]) values.country = countryName(values.country);
  return has(error.key) ? tr(error.key, values) : (error.text || error.key);
}

/** The score's terms in order, as the host's view gives them (the model's SCORE_TERMS). */
export function scoreTerms() {
  return (setting && setting.score_terms) || ["welfare", "trust", "security", "independence"];
}
