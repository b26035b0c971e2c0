// The HashMatch console: a page per route (#/overview, #/banks, #/bench, #/review, #/reports), each drawn from the
// /v1 API with the key the person signed in with. The key stays in this tab's session storage; every text from the
// server goes into the page as text (never as markup), so an entry's metadata cannot inject anything.
"use strict";

const KEY = "hashmatch.key", REVIEWER = "hashmatch.reviewer";
const main = document.getElementById("main");
const nav = document.getElementById("nav");
const statusLine = document.getElementById("status");
let me = null;

/** An element with attributes (on* names are listeners) and children (strings become text). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Replaces the node's children; null and false children (a section a key may not see) are left out. */
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
}

function say(text, kind) {
  statusLine.textContent = text;
  statusLine.className = kind || "";
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? `${problem.title || status}: ${problem.detail || ""}` : `HTTP ${status}`);
    this.status = status;
  }
}

/** Calls the API with the session's key; JSON in and out (a FormData or Blob body goes as it is). */
async function api(method, path, body, accept) {
  const headers = { "X-Api-Key": sessionStorage.getItem(KEY) || "" };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  if (accept) headers.Accept = accept;
  const response = await fetch(path, { method, headers, body: payload, cache: "no-store" });
  if (response.status === 401) {
    signOut("The key was refused (unknown or revoked). Sign in again.");
    throw new ApiError(401, null);
  }
  const type = response.headers.get("content-type") || "";
  const value = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof value === "object" ? value : null);
  return value;
}

const can = scope => me !== null && me.scopes.includes(scope);
const number = n => (n === undefined || n === null) ? "–" : Number(n).toLocaleString("en");
const table = (headings, rows) => el("table", {},
  el("thead", {}, el("tr", {}, headings.map(h => el("th", { scope: "col", class: h.startsWith("#") ? "num" : null }, h.replace(/^#/, ""))))),
  el("tbody", {}, rows));
const cell = (value, numeric) => el("td", { class: numeric ? "num" : null }, value);

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- sign-in ------------------------------------------------------------------------------------------------

function signOut(message) {
  sessionStorage.removeItem(KEY);
  me = null;
  showSignIn(message);
}

function showSignIn(message) {
  nav.replaceChildren();
  document.getElementById("who").textContent = "";
  const input = el("input", { id: "key", type: "password", name: "key", autocomplete: "off", required: true, size: 40 });
  const problem = el("p", { class: "error", id: "sign-in-problem" }, message || "");
  fill(main, 
    el("h1", {}, "Sign in"),
    el("p", { class: "muted" }, "With an API key (hashmatch serve keys add). It is kept in this tab only and sent with each request."),
    el("form", { id: "sign-in", onsubmit: async event => {
      event.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      try {
        await start();
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) problem.textContent = e.message;
      }
    } }, el("label", { for: "key" }, "API key", input), el("button", { type: "submit" }, "Sign in")),
    problem);
  input.focus();
}

async function start() {
  me = await api("GET", "/v1/key");
  document.getElementById("who").replaceChildren(`Key ${me.name} (${me.scopes.join(", ")}) `,
    el("button", { class: "plain", type: "button", id: "sign-out", onclick: () => signOut("Signed out.") }, "Sign out"));
  const pages = [["overview", "Overview", "read"], ["banks", "Banks", "read"], ["bench", "Match bench", "read"], ["review", "Review", "review"], ["reports", "Reports", "review"], ["keys", "Keys", "admin"]];
  nav.replaceChildren(...pages.filter(([, , scope]) => can(scope)).map(([route, name]) => el("a", { href: `#/${route}`, "data-route": route }, name)));
  // Stay on the page asked for when this key may see it (a bank's page belongs to Banks); else the key's first page.
  const asked = location.hash.replace(/^#\//, "").split("/")[0].replace(/^bank$/, "banks");
  const first = nav.querySelector("a");
  if (first && !nav.querySelector(`a[data-route="${asked}"]`)) location.hash = first.getAttribute("href");
  await route();
}

// ---- routing ------------------------------------------------------------------------------------------------

const routes = { overview: showOverview, banks: showBanks, bank: showBank, bench: showBench, review: showReview, reports: showReports, keys: showKeys };

async function route() {
  if (me === null) return;
  const [name, ...rest] = location.hash.replace(/^#\//, "").split("/");
  for (const link of nav.querySelectorAll("a")) link.toggleAttribute("aria-current", link.dataset.route === name || (name === "bank" && link.dataset.route === "banks"));
  for (const link of nav.querySelectorAll("a[aria-current]")) link.setAttribute("aria-current", "page");
  const page = routes[name];
  if (!page) {
    fill(main, el("h1", {}, "Not found"), el("p", {}, "There is no such page."));
    return;
  }
  say("");
  try {
    await page(...rest.map(decodeURIComponent));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      fill(main, el("h1", {}, "Cannot show this page"), el("p", { class: "error" }, e.message));
    }
  }
  main.focus();
}

// ---- overview -----------------------------------------------------------------------------------------------

async function showOverview() {
  const [index, banks] = await Promise.all([api("GET", "/v1/index"), api("GET", "/v1/banks")]);
  const recent = can("review") ? await api("GET", "/v1/decisions?limit=10") : null;
  const state = el("div", { id: "index-state" }, indexTables(index));
  const rates = can("metrics") ? el("div", { id: "request-rates" }, el("p", { class: "muted" }, "Measuring…")) : null;
  fill(main, 
    el("h1", {}, "Overview"),
    table(["Bank", "#Entries", "#Threshold", "Role", "Query variants", "Enabled"], banks.banks.map(b => el("tr", {},
      el("td", {}, el("a", { href: `#/bank/${encodeURIComponent(b.name)}` }, b.name)), cell(number(b.entries), true), cell(b.max_distance, true),
      cell(b.role), cell(b.variants), cell(b.enabled ? "yes" : "no")))),
    el("h2", {}, "Index of this replica"),
    state,
    rates ? el("h2", {}, "Requests on this replica") : null,
    rates,
    recent ? el("h2", {}, "Recent decisions") : null,
    recent ? decisionsTable(recent.decisions) : null);
  // What the timing script measures in the browser (benchmarks/load/console-timing.sh): navigation to this drawing.
  performance.mark("hashmatch:overview-drawn");
  const first = rates ? counters(await api("GET", "/metrics", undefined, "text/plain")) : null;
  if (rates) fill(rates, el("p", { class: "muted", id: "rates-first" }, `Measuring: the first figures in ${OVERVIEW_REFRESH / 1000} s.`));
  refreshOverview(state, rates, first);
}

function indexTables(index) {
  return [
    table(["Change", "#Staleness (s)", "Rebuilding", "Store"], [el("tr", {}, cell(number(index.sequence), true), cell(index.staleness_seconds, true),
      cell(index.rebuilding ? "yes" : "no"), cell(index.store || ""))]),
    table(["Bank", "#Base entries", "#Delta entries", "#Memory (MB)", "#Build (s)"], index.banks.map(b => el("tr", {}, cell(b.name),
      cell(number(b.base_entries), true), cell(number(b.delta_entries), true), cell(number(Math.round(b.memory_bytes / 1048576)), true), cell(b.build_seconds, true)))),
  ];
}

/**
 * Every OVERVIEW_REFRESH ms while this drawing of the overview is shown: the index state again, and request rates
 * since the last look. Each drawing refreshes itself and stops once it left the page, so a page drawn twice quickly
 * (sign-in and the route both draw it) never leaves the one on screen without its refresh.
 */
const OVERVIEW_REFRESH = 5000;
function refreshOverview(state, rates, before) {
  setTimeout(async () => {
    if (!document.body.contains(state)) return; // another page, or signed out: both replace the drawing
    try {
      fill(state, indexTables(await api("GET", "/v1/index")));
      let now = null;
      if (rates) {
        now = counters(await api("GET", "/metrics", undefined, "text/plain"));
        fill(rates, rateTable(before, now));
      }
      refreshOverview(state, rates, now);
    } catch (e) { say(e.message, "error"); }
  }, OVERVIEW_REFRESH);
}

/** The service's counters from the Prometheus text of /metrics (name{labels} value), with the time they were read. */
function counters(text) {
  const values = new Map();
  for (const line of text.split("\n")) {
    const match = /^(hashmatch_queries_total|hashmatch_rejected_requests_total|hashmatch_decisions_unrecorded_total|http_requests_received_total)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (match) values.set(match[1] + (match[2] || ""), Number(match[3]));
  }
  return { at: performance.now(), values };
}

/** Per-second rates between two readings of the counters, summed by what an operator asks: queries, refusals, errors. */
function rateTable(before, now) {
  const seconds = (now.at - before.at) / 1000;
  const rate = test => {
    let sum = 0;
    for (const [key, value] of now.values) if (test(key)) sum += value - (before.values.get(key) || 0);
    return (sum / seconds).toFixed(1);
  };
  const rows = [
    ["Uploads matched", rate(k => k.startsWith("hashmatch_queries_total") && k.includes('kind="match"'))],
    ["Hashes looked up", rate(k => k.startsWith("hashmatch_queries_total") && k.includes('kind="lookup"'))],
    ["Requests refused by a limit", rate(k => k.startsWith("hashmatch_rejected_requests_total"))],
    ["Answers 5xx", rate(k => k.startsWith("http_requests_received_total") && /code="5/.test(k))],
    ["Decisions not recorded", rate(k => k.startsWith("hashmatch_decisions_unrecorded_total"))],
  ];
  return [table(["", "#Per second"], rows.map(([name, value]) => el("tr", {}, cell(name), cell(value, true)))),
    el("p", { class: "muted" }, `Over the last ${seconds.toFixed(0)} s; refreshed every ${OVERVIEW_REFRESH / 1000} s.`)];
}

function decisionsTable(decisions) {
  return table(["Time", "Technology", "Bank", "Entry", "#Distance", "Verdict"], decisions.map(d => el("tr", {},
    cell(d.at.replace("T", " ").replace(/\..*$/, "")), cell(d.candidates.map(c => c.technology).join(", ")),
    cell(d.candidates.map(c => c.list).join(", ")), cell(d.candidates.map(c => c.entry_id).join(", ")),
    cell(Math.min(...d.candidates.map(c => c.distance)), true), cell(d.verdict ? d.verdict.replace("_", " ") : "not reviewed"))));
}

// ---- banks --------------------------------------------------------------------------------------------------

async function showBanks() {
  const banks = await api("GET", "/v1/banks");
  const name = el("input", { id: "bank-name", name: "name", required: true, pattern: "[A-Za-z0-9._\\-]{1,64}" });
  const threshold = el("input", { id: "bank-threshold", type: "number", min: 0, max: 96, value: 31 });
  const role = el("select", { id: "bank-role" }, el("option", { value: "known" }, "known"), el("option", { value: "exclusion" }, "exclusion"));
  fill(main, 
    el("h1", {}, "Banks"),
    table(["Bank", "#Entries", "#Threshold", "Role", "Enabled"], banks.banks.map(b => el("tr", {},
      el("td", {}, el("a", { href: `#/bank/${encodeURIComponent(b.name)}` }, b.name)), cell(number(b.entries), true),
      cell(b.max_distance, true), cell(b.role), cell(b.enabled ? "yes" : "no")))),
    can("write") ? el("h2", {}, "Create a bank") : null,
    can("write") ? el("form", { id: "create-bank", onsubmit: async event => {
      event.preventDefault();
      try {
        await api("POST", "/v1/banks", { name: name.value, max_distance: Number(threshold.value), role: role.value });
        say(`Bank ${name.value} created.`, "ok");
        location.hash = `#/bank/${encodeURIComponent(name.value)}`;
      } catch (e) { say(e.message, "error"); }
    } }, el("label", { for: "bank-name" }, "Name", name), el("label", { for: "bank-threshold" }, "PDQ threshold", threshold),
      el("label", { for: "bank-role" }, "Role", role), el("button", { type: "submit" }, "Create")) : null);
}

async function showBank(name) {
  const bank = await api("GET", `/v1/banks/${encodeURIComponent(name)}`);
  const path = `/v1/banks/${encodeURIComponent(name)}`;
  const children = [
    el("h1", {}, `Bank ${bank.name}`),
    table(["#Entries", "#Threshold", "#Min query quality", "#Min entry quality", "Query variants", "Role", "Enabled"], [el("tr", {},
      cell(number(bank.entries), true), cell(bank.max_distance, true), cell(bank.min_query_quality, true), cell(bank.min_entry_quality, true),
      cell(bank.variants), cell(bank.role), cell(bank.enabled ? "yes" : "no"))]),
  ];
  if (can("write")) {
    const file = el("input", { id: "import-file", type: "file", required: true });
    const progress = el("progress", { id: "import-progress", max: 1, value: 0 });
    const result = el("p", { id: "import-result" });
    children.push(
      el("h2", {}, "Import a list"),
      el("p", { class: "muted" }, "Any layout the service reads (hashmatch hash TSV, CSV, JSON lines, VICS, …). All or nothing."),
      el("form", { id: "import", onsubmit: event => {
        event.preventDefault();
        importList(path, file.files[0], progress, result);
      } }, el("label", { for: "import-file" }, "List file", file), el("button", { type: "submit" }, "Import"), progress),
      result,
      el("h2", {}, "Add an entry"),
      addEntry(name, path),
      el("h2", {}, "Entries"),
      entrySearch(name, path),
      el("h2", {}, "Settings"),
      bankSettings(name, path, bank),
      el("div", { class: "verdicts" },
        el("button", { type: "button", id: "toggle-enabled", class: "plain", onclick: async () => {
          await api("PATCH", path, { enabled: !bank.enabled });
          say(`Bank ${name} ${bank.enabled ? "disabled" : "enabled"}.`, "ok");
          await showBank(name);
        } }, bank.enabled ? "Disable" : "Enable"),
        el("button", { type: "button", id: "export", class: "plain", onclick: async () => download(`${name}.tsv`, await api("GET", `${path}/export`), "text/tab-separated-values") }, "Export (TSV)"),
        el("button", { type: "button", id: "delete-bank", class: "danger", onclick: async () => {
          if (!window.confirm(`Delete bank ${name} and its ${number(bank.entries)} entries? This cannot be undone.`)) return;
          await api("DELETE", path);
          say(`Bank ${name} deleted.`, "ok");
          location.hash = "#/banks";
        } }, "Delete…")));
  }
  if (can("review")) {
    const held = await api("GET", `/v1/quarantine?list=${encodeURIComponent(name)}`);
    children.push(el("h2", {}, "Quarantined entries"), held.entries.length === 0 ? el("p", { class: "muted" }, "None.") :
      table(["Entry", "Since", "Decision", ""], held.entries.map(e => el("tr", {}, cell(e.entry_id), cell(e.at), cell(e.decision_id || ""),
        el("td", {}, el("button", { type: "button", class: "plain", onclick: async () => {
          await api("POST", "/v1/quarantine/release", { list: name, entry_id: e.entry_id });
          say(`Entry ${e.entry_id} released.`, "ok");
          await showBank(name);
        } }, "Release"))))));
  }
  fill(main, children);
}

/** The bank's threshold, quality limits and query variants, changed in one PATCH. */
function bankSettings(name, path, bank) {
  const field = (id, label, value, max) => [el("input", { id, type: "number", min: 0, max, value }), label];
  const [threshold, qualityQuery, qualityEntry] = [
    field("set-threshold", "PDQ threshold", bank.max_distance, 96), field("set-min-query", "Min query quality", bank.min_query_quality, 100),
    field("set-min-entry", "Min entry quality", bank.min_entry_quality, 100)];
  const variants = el("input", { id: "set-variants", value: bank.variants, size: 32 });
  return el("form", { id: "bank-settings", onsubmit: async event => {
    event.preventDefault();
    try {
      await api("PATCH", path, { max_distance: Number(threshold[0].value), min_query_quality: Number(qualityQuery[0].value),
        min_entry_quality: Number(qualityEntry[0].value), variants: variants.value.trim() || "none" });
      say(`Bank ${name} changed.`, "ok");
      await showBank(name);
    } catch (e) { say(e.message, "error"); }
  } }, [threshold, qualityQuery, qualityEntry].map(([input, label]) => el("label", { for: input.id }, label, input)),
    el("label", { for: "set-variants" }, "Query variants (none, all, or pixel-dihedral,upscale,region)", variants),
    el("button", { type: "submit" }, "Save"));
}

/** One entry added by hand (POST .../entries): an id, one hash, and the metadata a reviewer sees with a match. */
function addEntry(name, path) {
  const input = (id, attributes) => el("input", { id, ...attributes });
  const id = input("add-id", { required: true, maxlength: 256 });
  const kind = el("select", { id: "add-kind" }, ["pdq", "md5", "sha1", "sha256"].map(k => el("option", { value: k }, k.toUpperCase())));
  const hash = input("add-hash", { required: true, size: 66, pattern: "[0-9a-fA-F]{32,64}" });
  const quality = input("add-quality", { type: "number", min: 0, max: 100, value: 100 });
  const category = input("add-category", { maxlength: 128 });
  const tags = input("add-tags", { placeholder: "comma-separated" });
  const note = input("add-note", { size: 40, maxlength: 4096 });
  const label = (node, text) => el("label", { for: node.id }, text, node);
  return el("form", { id: "add-entry", onsubmit: async event => {
    event.preventDefault();
    const entry = { id: id.value.trim(), [kind.value]: hash.value.trim().toLowerCase(), category: category.value.trim() || undefined,
      tags: tags.value.split(",").map(t => t.trim()).filter(Boolean), note: note.value.trim() || undefined };
    if (kind.value === "pdq") entry.quality = Number(quality.value);
    try {
      const change = await api("POST", `${path}/entries`, { entries: [entry] });
      say(`Entry ${entry.id} added to ${name} (change ${change.sequence}).`, "ok");
      id.value = hash.value = note.value = "";
    } catch (e) { say(e.message, "error"); }
  } }, label(id, "Id"), label(kind, "Hash"), label(hash, "Value (hex)"), label(quality, "PDQ quality"), label(category, "Category"),
    label(tags, "Tags"), label(note, "Note"), el("button", { type: "submit" }, "Add"));
}

/** Finds a bank's entries by id, text (id, category, tags, source, note) or PDQ hash within a distance; pages of 50. */
function entrySearch(name, path) {
  const text = el("input", { id: "entry-query", size: 66, placeholder: "id, text, or a PDQ hash (64 hex digits)" });
  const distance = el("input", { id: "entry-distance", type: "number", min: 0, max: 96, value: 31 });
  const results = el("div", { id: "entry-results" });
  let offset = 0;
  async function search(more) {
    offset = more ? offset + 50 : 0;
    const value = text.value.trim();
    const query = /^[0-9a-fA-F]{64}$/.test(value) ? `pdq=${value}&max_distance=${distance.value}`
      : value ? `q=${encodeURIComponent(value)}` : "";
    try {
      const page = await api("GET", `${path}/entries?${query}&offset=${offset}&limit=50`);
      const rows = page.entries.map(found => {
        const e = found.entry;
        return el("tr", {}, cell(e.id), cell(el("code", {}, e.pdq || e.md5 || e.sha256 || "")), cell(e.quality ?? "", true), cell(e.category || ""),
          cell((e.tags || []).join(", ")), cell(e.source || ""), cell(found.distance ?? "", true), cell(e.augmented ? "crop" : ""),
          el("td", {}, el("button", { type: "button", class: "danger", onclick: async () => {
            if (!window.confirm(`Remove entry ${e.id} (and its crops) from ${name}?`)) return;
            await api("DELETE", `${path}/entries`, { ids: [e.id] });
            say(`Entry ${e.id} removed.`, "ok");
            await search(false);
          } }, "Remove")));
      });
      const body = rows.length === 0 && !more ? [el("p", { class: "muted" }, "No entry found.")]
        : [table(["Id", "Hash", "#Quality", "Category", "Tags", "Source", "#Distance", "", ""], rows),
          rows.length === 50 ? el("button", { type: "button", class: "plain", id: "entries-more", onclick: () => search(true) }, "Next 50") : null];
      if (more) results.append(...body.filter(Boolean)); else fill(results, body);
    } catch (e) { fill(results, el("p", { class: "error" }, e.message)); }
  }
  return el("div", {},
    el("form", { id: "entry-search", onsubmit: event => { event.preventDefault(); search(false); } },
      el("label", { for: "entry-query" }, "Find", text), el("label", { for: "entry-distance" }, "PDQ distance", distance),
      el("button", { type: "submit" }, "Find")),
    results);
}

/** Uploads a list with the upload's progress, then waits for the answer (the import is all or nothing). */
function importList(path, file, progress, result) {
  const request = new XMLHttpRequest();
  request.open("POST", `${path}/import`);
  request.setRequestHeader("X-Api-Key", sessionStorage.getItem(KEY) || "");
  request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
  request.upload.onprogress = event => { if (event.lengthComputable) progress.value = event.loaded / event.total; };
  request.onload = () => {
    progress.value = 1;
    let answer = null;
    try { answer = JSON.parse(request.responseText); } catch { answer = null; }
    if (request.status === 200 && answer) {
      result.className = "ok";
      result.textContent = `Imported ${number(answer.added)} entries (change ${answer.sequence}).`;
    } else {
      result.className = "error";
      result.textContent = answer && answer.detail ? `Nothing imported: ${answer.detail}` : `Nothing imported (HTTP ${request.status}).`;
    }
  };
  request.onerror = () => { result.className = "error"; result.textContent = "The upload failed; nothing was imported."; };
  result.textContent = "Uploading…";
  request.send(file);
}

// ---- match bench --------------------------------------------------------------------------------------------

async function showBench() {
  const file = el("input", { id: "bench-file", type: "file", accept: "image/*,video/*" });
  const hashes = el("textarea", { id: "bench-hashes", placeholder: "One hash a line: PDQ (64 hex digits), MD5, SHA-1 or SHA-256" });
  const left = el("input", { id: "compare-left", size: 66 }), right = el("input", { id: "compare-right", size: 66 });
  const leftFile = el("input", { id: "compare-left-file", type: "file", accept: "image/*", required: true });
  const rightFile = el("input", { id: "compare-right-file", type: "file", accept: "image/*", required: true });
  const out = el("div", { id: "bench-result" }), compared = el("div", { id: "compare-result" });
  fill(main, 
    el("h1", {}, "Match bench"),
    el("p", { class: "muted" }, "The picture is sent to this server only to be hashed and matched; it is not stored, and only you see it here."),
    el("form", { id: "bench-upload", onsubmit: async event => {
      event.preventDefault();
      const form = new FormData();
      form.append("file", file.files[0]);
      try {
        // The match, and the query variants' hashes beside it (the answer names only the variant that matched).
        // A video has no query variants (/v1/hash takes pictures): its answer says how many frames were compared.
        const video = file.files[0].type.startsWith("video/");
        const [answer, hashed] = await Promise.all([api("POST", "/v1/match", form), video ? { variants: [] } : api("POST", "/v1/hash?variants=all", form)]);
        showMatch(out, answer, hashed, file.files[0]);
      } catch (e) { fill(out, el("p", { class: "error" }, e.message)); }
    } }, el("label", { for: "bench-file" }, "Picture or video", file), el("button", { type: "submit" }, "Match")),
    el("form", { id: "bench-lookup", onsubmit: async event => {
      event.preventDefault();
      const items = hashes.value.split(/\s+/).filter(Boolean).map(hex => hex.length === 64 ? { pdq: hex } : hex.length === 32 ? { md5: hex } : hex.length === 40 ? { sha1: hex } : { sha256: hex });
      try {
        const answer = await api("POST", "/v1/lookup", { hashes: items });
        fill(out, ...answer.results.map(r => el("section", {}, el("h2", {}, `${items[r.index].pdq || items[r.index].md5 || items[r.index].sha1 || items[r.index].sha256}`), candidatesTable(r))));
      } catch (e) { fill(out, el("p", { class: "error" }, e.message)); }
    } }, el("label", { for: "bench-hashes" }, "Hashes", hashes), el("button", { type: "submit" }, "Look up")),
    out,
    el("h2", {}, "Compare two pictures or two PDQ hashes"),
    el("form", { id: "compare-pictures", onsubmit: async event => {
      event.preventDefault();
      try {
        const [a, b] = await Promise.all([leftFile, rightFile].map(input => {
          const form = new FormData();
          form.append("file", input.files[0]);
          return api("POST", "/v1/hash", form);
        }));
        fill(compared, el("div", { class: "side-by-side" }, [[leftFile, a], [rightFile, b]].map(([input, h]) => el("figure", {},
          el("img", { src: URL.createObjectURL(input.files[0]), alt: `The picture ${input.files[0].name}`, width: 160 }),
          el("figcaption", {}, `${input.files[0].name}: ${h.width} × ${h.height} ${h.format}, quality ${h.quality}`, el("br"), el("code", {}, h.pdq))))),
          ...comparePdq(a.pdq, b.pdq, a.quality, b.quality));
      } catch (e) { fill(compared, el("p", { class: "error" }, e.message)); }
    } }, el("label", { for: "compare-left-file" }, "First picture", leftFile), el("label", { for: "compare-right-file" }, "Second picture", rightFile),
      el("button", { type: "submit" }, "Compare")),
    el("form", { id: "compare", onsubmit: event => {
      event.preventDefault();
      fill(compared, ...comparePdq(left.value.trim(), right.value.trim()));
    } }, el("label", { for: "compare-left" }, "First hash", left), el("label", { for: "compare-right" }, "Second hash", right), el("button", { type: "submit" }, "Compare")),
    compared);
}

function showMatch(out, answer, hashed, picture) {
  const preview = picture.type.startsWith("video/")
    ? el("p", { class: "muted" }, answer.video ? `A video: ${answer.video.frames} frames hashed, ${answer.video.frames_compared} compared${answer.video.tmk ? ", TMK+PDQF too" : ""}.` : "A video.")
    : el("img", { src: URL.createObjectURL(picture), alt: "The uploaded picture", width: 160 });
  const region = r => r ? `${r.x},${r.y} ${r.width}×${r.height}` : "";
  fill(out,
    el("h2", {}, answer.matched ? "Matched" : answer.excluded ? "Excluded" : "No match"),
    preview,
    table(["MD5", "PDQ", "#Quality"], [el("tr", {}, cell(el("code", {}, answer.hashes.md5 || "")), cell(el("code", {}, answer.hashes.pdq || "")), cell(answer.hashes.quality, true))]),
    candidatesTable(answer),
    el("details", { id: "bench-variants" }, el("summary", {}, `Query variants (${(hashed.variants || []).length}): the hashes a bank with variants also looks up`),
      table(["Variant", "Region (x,y w×h)", "PDQ", "#Quality"], (hashed.variants || []).map(v => el("tr", {},
        cell(v.variant), cell(region(v.region)), cell(el("code", {}, v.pdq)), cell(v.quality, true))))),
    answer.decision_id ? el("p", {}, `Recorded as decision ${answer.decision_id}.`) : null);
}

function candidatesTable(answer) {
  if (answer.candidates.length === 0) return el("p", { class: "muted" }, "No candidate in any enabled bank.");
  return table(["Bank", "Entry", "Method", "#Distance", "Variant", "Verdict", "Category"], answer.candidates.map(c => el("tr", {},
    cell(c.list), cell(c.entry_id), cell(c.method), cell(c.distance, true), cell(c.query_variant), cell(c.verdict), cell(c.metadata && c.metadata.category || ""))));
}

function comparePdq(a, b, qualityA, qualityB) {
  if (!/^[0-9a-fA-F]{64}$/.test(a) || !/^[0-9a-fA-F]{64}$/.test(b)) return [el("p", { class: "error" }, "Give two PDQ hashes of 64 hex digits.")];
  const bits = [];
  for (let i = 0; i < 64; i++) {
    const x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    for (let k = 3; k >= 0; k--) bits.push((x >> k) & 1);
  }
  const distance = bits.reduce((s, v) => s + v, 0);
  const qualities = qualityA === undefined ? "" : ` Qualities ${qualityA} and ${qualityB}${Math.min(qualityA, qualityB) < 50 ? " (below 50: PDQ's distance says little about such a picture)" : ""}.`;
  return [el("p", { id: "compare-distance" }, `Distance ${distance} of 256 bits (${distance <= 31 ? "within" : "beyond"} the customary threshold 31).${qualities}`),
    el("div", { class: "bits", role: "img", "aria-label": `${distance} differing bits as a 16 by 16 grid` }, bits.map(v => el("span", { class: v ? "differs" : null })))];
}

// ---- review queue -------------------------------------------------------------------------------------------

/** The queue's filters, kept while the page is redrawn after each verdict. */
const reviewFilter = { bank: "", technology: "", distance: "", reviewed: false };
/** Banks and technologies seen in this tab's queue, offered as the filters' suggestions. */
const seenBanks = new Set(), seenTechnologies = new Set();

async function showReview() {
  const query = new URLSearchParams({ limit: "100" });
  if (!reviewFilter.reviewed) query.set("unreviewed", "true");
  if (reviewFilter.bank) query.set("list", reviewFilter.bank);
  if (reviewFilter.technology) query.set("technology", reviewFilter.technology);
  if (reviewFilter.distance !== "") query.set("max_distance", reviewFilter.distance);
  const queue = await api("GET", `/v1/decisions?${query}`);
  for (const d of queue.decisions) for (const c of d.candidates) { seenBanks.add(c.list); seenTechnologies.add(c.technology); }
  const reviewer = el("input", { id: "reviewer", value: sessionStorage.getItem(REVIEWER) || "", required: true, size: 20,
    oninput: () => sessionStorage.setItem(REVIEWER, reviewer.value) });
  const bank = el("input", { id: "filter-bank", list: "seen-banks", value: reviewFilter.bank, size: 16 });
  const technology = el("input", { id: "filter-technology", list: "seen-technologies", value: reviewFilter.technology, size: 18 });
  const distance = el("input", { id: "filter-distance", type: "number", min: 0, max: 256, value: reviewFilter.distance });
  const reviewed = el("input", { id: "filter-reviewed", type: "checkbox", checked: reviewFilter.reviewed });
  const time = at => at.replace("T", " ").replace(/\..*$/, "");
  let selected = 0;
  const cards = queue.decisions.map((d, i) => el("article", { class: "decision", "aria-selected": i === 0 ? "true" : "false", "data-id": d.id, tabindex: -1 },
    el("h2", {}, `Decision ${d.id}`),
    el("p", { class: "muted" }, `${time(d.at)} · ${d.endpoint} · ${d.query_id || ""} `,
      // The operator's own copy of the upload, in the operator's own tool (serve --review-link); never shown here.
      d.link ? el("a", { href: d.link, target: "_blank", rel: "noopener noreferrer", class: "link-out" }, "Open the upload in the review tool") : null),
    table(["Technology", "Bank", "Entry", "#Distance", "#Threshold", "#Query quality", "#Entry quality", "Source"], d.candidates.map(c => el("tr", {},
      cell(c.technology), cell(c.list), cell(c.entry_id), cell(c.distance, true), cell(c.threshold, true), cell(c.query_quality ?? "", true),
      cell(c.entry_quality ?? "", true), cell(c.entry_source || "")))),
    d.reviews.length === 0 && d.complaints.length === 0 ? null : el("ol", { class: "history", "aria-label": "History" },
      d.reviews.map(r => el("li", {}, `${time(r.at)}: ${r.verdict.replace("_", " ")} by ${r.reviewer}${r.note ? ` — ${r.note}` : ""}`)),
      d.complaints.map(c => el("li", {}, `${time(c.opened_at)}: complaint${c.outcome ? `, ${c.outcome}` : ""}${c.note ? ` — ${c.note}` : ""}`))),
    el("div", { class: "verdicts" }, ["confirmed", "false_positive", "undetermined"].map(v =>
      el("button", { type: "button", class: v === "confirmed" ? null : "plain", "data-verdict": v, onclick: () => judge(d.id, v) },
        `${v.replace("_", " ")} (${v[0]})`)))));
  async function judge(id, verdict) {
    if (!reviewer.value.trim()) {
      say("Give your reviewer pseudonym first.", "error");
      reviewer.focus();
      return;
    }
    try {
      await api("POST", "/v1/reviews", { decision_id: id, verdict, reviewer: reviewer.value.trim() });
      say(`Decision ${id}: ${verdict.replace("_", " ")}.`, "ok");
      await showReview();
    } catch (e) { say(e.message, "error"); }
  }
  function select(i) {
    if (cards.length === 0) return;
    selected = Math.max(0, Math.min(cards.length - 1, i));
    cards.forEach((c, k) => c.setAttribute("aria-selected", k === selected ? "true" : "false"));
    cards[selected].focus();
  }
  const filtered = reviewFilter.bank || reviewFilter.technology || reviewFilter.distance !== "";
  fill(main,
    el("h1", {}, `${reviewFilter.reviewed ? "Decisions" : "Review queue"} (${queue.decisions.length})`),
    el("p", { class: "muted" }, "Keys: j / k next and previous, c confirmed, f false positive, u undetermined. A decision reviewed again keeps its history; the latest verdict stands."),
    el("form", { onsubmit: e => e.preventDefault() }, el("label", { for: "reviewer" }, "Reviewer (pseudonym)", reviewer)),
    el("form", { id: "review-filter", onsubmit: async event => {
      event.preventDefault();
      Object.assign(reviewFilter, { bank: bank.value.trim(), technology: technology.value.trim(), distance: distance.value, reviewed: reviewed.checked });
      await showReview();
    } }, el("label", { for: "filter-bank" }, "Bank", bank), el("label", { for: "filter-technology" }, "Technology", technology),
      el("label", { for: "filter-distance" }, "Distance at most", distance), el("label", { for: "filter-reviewed" }, "Reviewed ones too", reviewed),
      el("button", { type: "submit" }, "Filter"),
      el("datalist", { id: "seen-banks" }, [...seenBanks].sort().map(b => el("option", { value: b }))),
      el("datalist", { id: "seen-technologies" }, [...seenTechnologies].sort().map(t => el("option", { value: t })))),
    cards.length === 0 ? el("p", {}, filtered ? "Nothing to review with these filters." : "Nothing to review.") : null,
    ...cards);
  main.onkeydown = event => {
    if (event.target instanceof HTMLInputElement || cards.length === 0) return;
    const verdict = { c: "confirmed", f: "false_positive", u: "undetermined" }[event.key];
    if (event.key === "j") select(selected + 1);
    else if (event.key === "k") select(selected - 1);
    else if (verdict) judge(cards[selected].dataset.id, verdict);
  };
}

// ---- reports ------------------------------------------------------------------------------------------------

async function showReports() {
  const from = el("input", { id: "report-from", type: "date" }), to = el("input", { id: "report-to", type: "date" });
  const byBank = el("input", { id: "report-by-bank", type: "checkbox" });
  const out = el("div", { id: "report-result" });
  const adviceBank = el("select", { id: "advice-bank" }), advice = el("div", { id: "advice-result" });
  async function drawAdvice() {
    if (!adviceBank.value) { fill(advice, el("p", { class: "muted" }, "No bank has reviewed decisions in this period.")); return; }
    const rows = await api("GET", `/v1/reports/thresholds?bank=${encodeURIComponent(adviceBank.value)}&from=${from.value || "1970-01-01"}${to.value ? `&to=${to.value}` : ""}`);
    fill(advice, advicePlot(rows), el("details", {}, el("summary", {}, "The table"),
      table(["#Threshold", "#Confirmed kept", "#Confirmed lost", "#False positives kept", "#False positives avoided"], rows.map(r => el("tr", {},
        cell(r.threshold, true), cell(number(r.confirmed_kept), true), cell(number(r.confirmed_lost), true),
        cell(number(r.false_positives_kept), true), cell(number(r.false_positives_avoided), true))))));
  }
  const query = () => `from=${from.value || "1970-01-01"}${to.value ? `&to=${to.value}` : ""}${byBank.checked ? "&by_bank=true" : ""}`;
  async function draw() {
    const rows = await api("GET", `/v1/reports/errors?${query()}`);
    const chosen = adviceBank.value;
    const banks = [...new Set((byBank.checked ? rows : await api("GET", `/v1/reports/errors?${query()}&by_bank=true`)).map(r => r.bank).filter(Boolean))].sort();
    fill(adviceBank, banks.map(b => el("option", { value: b, selected: b === chosen }, b)));
    const ratio = r => r.fp_ratio === undefined ? "–" : `${(100 * r.fp_ratio).toFixed(2)} % (${(100 * r.fp_ratio_low).toFixed(2)}–${(100 * r.fp_ratio_high).toFixed(2)})`;
    fill(out, rows.length === 0 ? el("p", {}, "No decision in this period.") :
      table(["Technology", "Bank", "#Flagged", "#Reviewed", "#Confirmed", "#False positives", "#Undetermined", "#FP ratio (95 %)", "#Complaints", "#Reinstated"],
        rows.map(r => el("tr", {}, cell(r.technology), cell(r.bank || ""), cell(number(r.flagged), true), cell(number(r.reviewed), true),
          cell(number(r.confirmed), true), cell(number(r.false_positives), true), cell(number(r.undetermined), true), cell(ratio(r), true),
          cell(number(r.complaints), true), cell(number(r.reinstated), true)))));
  }
  fill(main, 
    el("h1", {}, "Errors per technology"),
    el("form", { id: "report", onsubmit: async event => { event.preventDefault(); await draw(); } },
      el("label", { for: "report-from" }, "From", from), el("label", { for: "report-to" }, "To (exclusive)", to),
      el("label", { for: "report-by-bank" }, "Per bank", byBank), el("button", { type: "submit" }, "Show"),
      el("button", { type: "button", class: "plain", id: "report-csv", onclick: async () => download("errors.csv", await api("GET", `/v1/reports/errors?${query()}&format=csv`), "text/csv") }, "Download CSV"),
      el("button", { type: "button", class: "plain", id: "report-html", onclick: async () => download("errors.html", await api("GET", `/v1/reports/errors?${query()}&format=html`, undefined, "text/html"), "text/html") }, "Download HTML"),
      el("button", { type: "button", class: "plain", id: "report-json", onclick: async () => download("errors.json", JSON.stringify(await api("GET", `/v1/reports/errors?${query()}`), null, 2), "application/json") }, "Download JSON")),
    out,
    el("p", { class: "muted" }, "False-positive ratio: false positives / (confirmed + false positives), with its 95 % Wilson interval. The HTML download is the page to hand on, with the deployment's banks and each bank's threshold advice (as hashmatch report errors --format html writes it)."),
    el("h2", {}, "Threshold advice from reviewed decisions"),
    el("p", { class: "muted" }, "Per bank: of the decisions reviewed in the period, the confirmed ones and the false positives each PDQ threshold would have kept (a candidate counts at its distance)."),
    el("form", { id: "advice", onsubmit: async event => { event.preventDefault(); await drawAdvice(); } },
      el("label", { for: "advice-bank" }, "Bank", adviceBank), el("button", { type: "submit" }, "Show")),
    advice);
  await draw();
  if (adviceBank.options.length > 0) await drawAdvice();
}

/** The threshold advice as a plot (inline SVG, drawn here: nothing fetched) and its table. */
function advicePlot(rows) {
  const svg = (tag, attributes, ...children) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    node.append(...children);
    return node;
  };
  const [width, height, left, bottom, top, right] = [640, 260, 48, 36, 12, 12];
  const most = Math.max(1, ...rows.map(r => r.confirmed_kept + r.confirmed_lost), ...rows.map(r => r.false_positives_kept + r.false_positives_avoided));
  const x = t => left + (width - left - right) * t / 64, y = n => height - bottom - (height - bottom - top) * n / most;
  const line = (key, kind) => svg("polyline", { class: kind, points: rows.map(r => `${x(r.threshold).toFixed(1)},${y(r[key]).toFixed(1)}`).join(" ") });
  const ticks = [0, 8, 16, 24, 31, 40, 48, 56, 64];
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "plot", role: "img", "aria-labelledby": "advice-title" },
    svg("title", { id: "advice-title" }, "Confirmed decisions and false positives kept at each PDQ threshold"),
    svg("line", { class: "axis", x1: left, y1: y(0), x2: width - right, y2: y(0) }),
    svg("line", { class: "axis", x1: left, y1: y(0), x2: left, y2: top }),
    ...ticks.map(t => svg("text", { x: x(t), y: height - bottom + 16, "text-anchor": "middle" }, String(t))),
    svg("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" }, "threshold (bits)"),
    svg("text", { x: left - 6, y: y(most) + 4, "text-anchor": "end" }, number(most)),
    svg("text", { x: left - 6, y: y(0) + 4, "text-anchor": "end" }, "0"),
    line("confirmed_kept", "confirmed"), line("false_positives_kept", "false-positive"),
    svg("text", { x: width - right, y: top + 12, "text-anchor": "end", class: "confirmed" }, "confirmed kept"),
    svg("text", { x: width - right, y: top + 28, "text-anchor": "end", class: "false-positive" }, "false positives kept"));
}

// ---- keys ---------------------------------------------------------------------------------------------------

async function showKeys() {
  const list = await api("GET", "/v1/keys");
  const name = el("input", { id: "key-name", required: true, size: 24 });
  const scopes = ["read", "write", "metrics", "review", "admin"].map(scope => el("input", { type: "checkbox", id: `key-scope-${scope}`, value: scope }));
  const created = el("div", { id: "key-created" });
  fill(main,
    el("h1", {}, "API keys"),
    table(["#Id", "Name", "Scopes", "Source", "Created", "Last used", "Revoked", ""], list.keys.map(k => el("tr", {},
      cell(k.id, true), cell(k.name), cell(k.scopes.join(", ")), cell(k.source), cell(k.created_at.replace("T", " ").replace(/\..*$/, "")),
      cell(k.last_used_at ? k.last_used_at.replace("T", " ").replace(/\..*$/, "") : "–"), cell(k.revoked_at ? k.revoked_at.replace("T", " ").replace(/\..*$/, "") : ""),
      el("td", {}, k.revoked_at ? null : el("button", { type: "button", class: "danger", "data-key": k.name, onclick: async () => {
        if (!window.confirm(`Revoke key ${k.name}? Every replica refuses it within its poll interval; this cannot be undone.`)) return;
        await api("DELETE", `/v1/keys/${encodeURIComponent(k.name)}`);
        say(`Key ${k.name} revoked.`, "ok");
        await showKeys();
      } }, "Revoke"))))),
    el("h2", {}, "Create a key"),
    el("form", { id: "create-key", onsubmit: async event => {
      event.preventDefault();
      try {
        const key = await api("POST", "/v1/keys", { name: name.value, scopes: scopes.filter(c => c.checked).map(c => c.value) });
        await showKeys();
        fill(document.getElementById("key-created"), el("p", {}, `Key ${key.name} (${key.scopes.join(", ")}) — copy it now, it is shown only this once:`),
          el("p", {}, el("code", { id: "new-key" }, key.key)));
      } catch (e) { say(e.message, "error"); }
    } }, el("label", { for: "key-name" }, "Name", name),
      scopes.map(box => el("label", { for: box.id }, box.value, box)), el("button", { type: "submit" }, "Create")),
    created);
}

window.addEventListener("hashchange", route);
if (sessionStorage.getItem(KEY)) start().catch(e => { if (!(e instanceof ApiError && e.status === 401)) showSignIn(e.message); });
else showSignIn();
