// The SPARQL page: a CodeMirror 6 editor with SPARQL highlighting and prefix completion, the
// canned queries one click away, results as a table, downloads as CSV, JSON or Turtle.
// Bundled by build.mjs into ../static/sparql.js; the page works without it as a plain form.

import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  placeholder,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput,
} from "@codemirror/language";
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

const KEYWORDS = [
  "SELECT", "DISTINCT", "REDUCED", "WHERE", "PREFIX", "BASE", "CONSTRUCT", "DESCRIBE", "ASK", "FROM", "NAMED",
  "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "SERVICE", "BIND", "VALUES", "AS", "GROUP BY", "HAVING",
  "ORDER BY", "ASC", "DESC", "LIMIT", "OFFSET", "NOT EXISTS", "EXISTS", "COUNT", "SUM", "MIN", "MAX", "AVG",
  "SAMPLE", "GROUP_CONCAT", "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "CONTAINS", "STRSTARTS",
  "STRENDS", "STRBEFORE", "STRAFTER", "LCASE", "UCASE", "REGEX", "YEAR", "MONTH", "DAY", "NOW", "COALESCE", "IF",
  "IN", "NOT IN", "isIRI", "isLiteral", "isBlank",
];

const config = JSON.parse(document.getElementById("sparql-config")?.textContent || "{}");
const PREFIXES = config.prefixes || {};
const TERMS = config.terms || {};
const CANNED = config.canned || {};

// --------------------------------------------------------------- completion
function declared(doc) {
  const found = new Set();
  for (const m of doc.matchAll(/PREFIX\s+([A-Za-z][\w-]*)?:/gi)) found.add(m[1] || "");
  return found;
}

function declare(view, prefix) {
  // Add "PREFIX p: <iri>" after the last declaration (or at the top) unless it is there already.
  const doc = view.state.doc.toString();
  if (declared(doc).has(prefix) || !PREFIXES[prefix]) return [];
  let at = 0;
  for (const m of doc.matchAll(/^\s*PREFIX[^\n]*\n/gim)) at = m.index + m[0].length;
  return [{ from: at, insert: `PREFIX ${prefix}: <${PREFIXES[prefix]}>\n` }];
}

function withDeclaration(prefix, text) {
  return (view, completion, from, to) => {
    const changes = [{ from, to, insert: text }, ...declare(view, prefix)];
    const shift = changes.slice(1).reduce((n, c) => n + (c.from <= from ? c.insert.length : 0), 0);
    view.dispatch({ changes, selection: { anchor: from + text.length + shift }, userEvent: "input.complete" });
  };
}

function complete(context) {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  // After "PREFIX ": offer whole declarations.
  const decl = /^\s*PREFIX\s+([\w-]*)$/i.exec(before);
  if (decl) {
    return {
      from: context.pos - decl[1].length,
      options: Object.entries(PREFIXES).map(([p, iri]) => ({
        label: `${p}:`, apply: `${p}: <${iri}>`, detail: iri, type: "namespace",
      })),
    };
  }
  // A prefixed name: "skos:pref" offers the namespace's known terms, and declares the prefix.
  const qname = /([A-Za-z][\w-]*):([\w-]*)$/.exec(before);
  if (qname && PREFIXES[qname[1]] !== undefined) {
    const prefix = qname[1];
    const from = context.pos - qname[0].length;
    return {
      from,
      options: (TERMS[prefix] || []).map((local) => ({
        label: `${prefix}:${local}`, type: /^[A-Z]/.test(local) ? "class" : "property",
        apply: withDeclaration(prefix, `${prefix}:${local}`),
      })),
      validFor: /^[\w-]*:[\w-]*$/,
    };
  }
  const word = context.matchBefore(/[A-Za-z_][\w-]*/);
  if (!word && !context.explicit) return null;
  const from = word ? word.from : context.pos;
  if (/[?$]$/.test(line.text.slice(0, from - line.from))) return null; // a variable name
  return {
    from,
    options: [
      ...Object.entries(PREFIXES).map(([p, iri]) => ({
        label: `${p}:`, detail: iri, type: "namespace", boost: 1, apply: withDeclaration(p, `${p}:`),
      })),
      ...KEYWORDS.map((k) => ({ label: k, type: "keyword" })),
    ],
    validFor: /^[A-Za-z_][\w-]*$/,
  };
}

// --------------------------------------------------------------- editor
const form = document.getElementById("sparql-form");
const textarea = document.getElementById("query");
const status = document.getElementById("sparql-status");
const results = document.getElementById("sparql-results");
const downloads = document.getElementById("sparql-downloads");

const view = new EditorView({
  state: EditorState.create({
    doc: textarea.value,
    extensions: [
      lineNumbers(), highlightActiveLineGutter(), history(), drawSelection(), indentOnInput(),
      bracketMatching(), closeBrackets(), highlightActiveLine(), highlightSelectionMatches(),
      StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      autocompletion({ override: [complete], activateOnTyping: true }),
      placeholder("SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
      keymap.of([
        { key: "Mod-Enter", run: () => { run(); return true; } },
        ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap,
        indentWithTab,
      ]),
      EditorView.contentAttributes.of({ "aria-label": "SPARQL query", "aria-describedby": "query-help" }),
      EditorView.updateListener.of((u) => { if (u.docChanged) textarea.value = u.state.doc.toString(); }),
    ],
  }),
});
textarea.hidden = true;
textarea.after(view.dom);
view.dom.classList.add("editor");
window.kgEditor = view; // for tests and the console

function setQuery(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// --------------------------------------------------------------- running
let last = null; // { query, form: "SELECT"|..., body, kind: "table"|"graph"|"boolean" }

function queryForm(text) {
  const stripped = text.replace(/#[^\n]*/g, " ").replace(/<[^>\s]*>/g, "<>").replace(/"[^"\n]*"/g, '""');
  const m = /\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b/i.exec(stripped);
  return m ? m[1].toUpperCase() : "SELECT";
}

const ACCEPT = {
  table: "application/sparql-results+json",
  graph: "application/n-triples",
};

async function fetchQuery(query, accept) {
  return fetch(form.action, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query }),
  });
}

async function problemText(response) {
  try {
    const p = await response.json();
    return `${p.title || response.status}: ${p.detail || ""}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

async function run() {
  const query = view.state.doc.toString();
  const kind = ["CONSTRUCT", "DESCRIBE"].includes(queryForm(query)) ? "graph" : "table";
  status.textContent = "Running…";
  results.setAttribute("aria-busy", "true");
  const started = performance.now();
  try {
    const response = await fetchQuery(query, ACCEPT[kind]);
    if (!response.ok) {
      status.textContent = await problemText(response);
      status.className = "status error";
      results.replaceChildren();
      downloads.hidden = true;
      return;
    }
    const body = await response.text();
    const ms = Math.round(performance.now() - started);
    last = { query, kind, body };
    if (kind === "graph") {
      const triples = parseNTriples(body);
      last.rows = triples;
      renderTable(["subject", "predicate", "object"], triples.map((t) => t.map((v) => v)));
      status.textContent = `${triples.length} triple${triples.length === 1 ? "" : "s"} in ${ms} ms`;
    } else {
      const json = JSON.parse(body);
      if ("boolean" in json) {
        last.kind = "boolean";
        results.replaceChildren(Object.assign(document.createElement("p"), {
          className: "boolean", textContent: json.boolean ? "true" : "false" }));
        status.textContent = `ASK answered in ${ms} ms`;
      } else {
        const vars = json.head.vars;
        const rows = json.results.bindings.map((b) => vars.map((v) => b[v] || null));
        renderTable(vars, rows);
        status.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"} in ${ms} ms`;
      }
    }
    status.className = "status ok";
    downloads.hidden = false;
    downloads.querySelector('[data-format="turtle"]').disabled = last.kind !== "graph";
  } catch (err) {
    status.textContent = `The query could not be run: ${err.message}`;
    status.className = "status error";
  } finally {
    results.removeAttribute("aria-busy");
  }
}

// Terms as SPARQL JSON objects ({type, value, datatype?, xml:lang?}) or N-Triples strings.
function termText(term) {
  if (term == null) return "";
  if (typeof term === "string") return term;
  return term.value;
}

function shorten(iri) {
  if (config.base && iri.startsWith(config.base)) return iri.slice(config.base.length);
  for (const [p, ns] of Object.entries(PREFIXES)) if (ns && iri.startsWith(ns)) return `${p}:${iri.slice(ns.length)}`;
  return iri;
}

function localHref(iri) {
  // Our own IRIs (under the base) open the matching page of this site.
  const base = config.base || "";
  if (base && iri.startsWith(base)) {
    const [kind, id] = iri.slice(base.length).split("/");
    if (kind === "actor") return `/ui/actors/${id}`;
    if (kind === "topic") return `/ui/topics/${id}`;
    return new URL(iri).pathname;
  }
  return /^https?:/.test(iri) ? iri : null;
}

function cell(term) {
  const td = document.createElement("td");
  if (term == null) return td;
  const isIri = typeof term === "object" ? term.type === "uri" : /^<.*>$/.test(term);
  const value = typeof term === "object" ? term.value : term.replace(/^<|>$/g, "");
  if (isIri) {
    const href = localHref(value);
    const a = document.createElement(href ? "a" : "span");
    if (href) a.href = href;
    a.textContent = shorten(value);
    a.title = value;
    td.append(a);
  } else {
    td.textContent = value;
    if (typeof term === "object" && term.datatype && !term.datatype.endsWith("#string")) td.title = term.datatype;
  }
  return td;
}

function renderTable(vars, rows) {
  const table = document.createElement("table");
  table.className = "results";
  const caption = document.createElement("caption");
  caption.className = "visually-hidden";
  caption.textContent = "Query results";
  const thead = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = v;
    thead.append(th);
  }
  const tbody = table.createTBody();
  const shown = rows.slice(0, 2000);
  for (const row of shown) {
    const tr = tbody.insertRow();
    for (const term of row) tr.append(cell(term));
  }
  table.prepend(caption);
  const wrap = document.createElement("div");
  wrap.className = "scroll";
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", "Query results");
  wrap.append(table);
  results.replaceChildren(wrap);
  if (rows.length > shown.length) {
    const more = document.createElement("p");
    more.textContent = `Showing the first ${shown.length} rows; download the results for all ${rows.length}.`;
    results.append(more);
  }
}

// A small N-Triples reader for the table (the server writes one triple per line).
function parseNTriples(text) {
  const term = /\s*(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)/y;
  const out = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    term.lastIndex = 0;
    const parts = [];
    for (let i = 0; i < 3; i++) {
      const m = term.exec(line);
      if (!m) break;
      parts.push(m[1]);
    }
    if (parts.length === 3) out.push(parts.map(ntTerm));
  }
  return out;
}

function ntTerm(raw) {
  if (raw.startsWith("<")) return { type: "uri", value: raw.slice(1, -1) };
  if (raw.startsWith("_:")) return { type: "bnode", value: raw };
  const m = /^"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?$/.exec(raw);
  const value = m[1].replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, (_, u4, u8, c) =>
    u4 || u8 ? String.fromCodePoint(parseInt(u4 || u8, 16)) : ({ n: "\n", t: "\t", r: "\r" }[c] ?? c));
  return { type: "literal", value, "xml:lang": m[2], datatype: m[3] };
}

// --------------------------------------------------------------- downloads
const FORMATS = {
  table: { csv: ["text/csv", "csv"], json: ["application/sparql-results+json", "srj"] },
  boolean: { csv: ["text/csv", "csv"], json: ["application/sparql-results+json", "srj"] },
  graph: { json: ["application/ld+json", "jsonld"], turtle: ["text/turtle", "ttl"] },
};

function csvOfTriples(rows) {
  const q = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ["subject,predicate,object", ...rows.map((r) => r.map((t) => q(termText(t))).join(","))].join("\r\n") + "\r\n";
}

function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function download(fmt) {
  if (!last) return;
  if (last.kind === "graph" && fmt === "csv") {
    save(new Blob([csvOfTriples(last.rows)], { type: "text/csv" }), "results.csv");
    return;
  }
  const [media, ext] = FORMATS[last.kind][fmt] || [];
  if (!media) return;
  const response = await fetchQuery(last.query, media);
  if (!response.ok) {
    status.textContent = await problemText(response);
    status.className = "status error";
    return;
  }
  save(await response.blob(), `results.${ext}`);
}

downloads.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-format]");
  if (button) download(button.dataset.format);
});

// --------------------------------------------------------------- canned queries
async function loadCanned(name, params) {
  const canned = CANNED[name];
  if (!canned) return;
  let text = canned.text;
  const given = Object.entries(params || {}).filter(([, v]) => v);
  if (given.length) {
    const url = new URL(`${config.bind}${encodeURIComponent(name)}`, location.href);
    for (const [k, v] of given) url.searchParams.set(k, v);
    const response = await fetch(url);
    if (!response.ok) {
      status.textContent = await problemText(response);
      status.className = "status error";
      return;
    }
    text = await response.text();
  }
  setQuery(text);
  history_.replaceState(null, "", `#${name}`);
  await run();
}
const history_ = window.history;

document.getElementById("canned")?.addEventListener("submit", (e) => {
  e.preventDefault();
  const f = e.target.closest("form") || e.target;
  const button = e.submitter;
  const name = button?.value;
  if (!name) return;
  const params = {};
  for (const input of f.querySelectorAll(`[data-query="${CSS.escape(name)}"]`)) params[input.name] = input.value.trim();
  loadCanned(name, params);
});

form.addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});

if (location.hash.length > 1 && CANNED[location.hash.slice(1)]) loadCanned(location.hash.slice(1));
document.documentElement.classList.add("editor-ready");
