// kg's pages: small enhancements over server-rendered HTML that works without them.
// Search suggestions (an ARIA combobox), expandable rows, the matrix's PNG export, and the
// ingest page (preview, correct, store). No dependencies; every request goes to this server.
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const c of children) if (c != null) node.append(c);
    return node;
  };

  // ------------------------------------------------------------ search suggestions
  function combobox(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    let items = [], active = -1, timer = 0, seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      active = i;
      $$("li", list).forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", `q-opt-${i}`);
        list.children[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function render(found) {
      const was = active >= 0 && items[active] ? items[active].href : null;
      items = found;
      list.replaceChildren(...found.map((h, i) => {
        const detail = [h.kind === "topic" ? "topic" : h.detail || "actor"];
        if (h.matched) detail.push(`“${h.matched}”`);
        const li = el("li", { id: `q-opt-${i}`, role: "option" },
          el("span", { className: `kind kind-${h.icon}` }),
          el("span", { className: "label", textContent: h.label }),
          el("span", { className: "muted", textContent: ` ${detail.join(" · ")}` }));
        li.setAttribute("aria-selected", "false");
        li.addEventListener("mousedown", (e) => { e.preventDefault(); location.href = h.href; });
        return li;
      }));
      if (!found.length) {
        list.replaceChildren(el("li", { className: "empty", textContent: "No match; press Enter to search" }));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(found.findIndex((h) => h.href === was)); // a late answer keeps the choice
    }
    let asked = "";
    async function lookup(force) {
      const q = input.value.trim();
      if (!q) { close(); asked = ""; return; }
      if (q === asked && !force && !list.hidden) return;
      asked = q;
      const mine = ++seq;
      try {
        const response = await fetch(`/ui/suggest?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
        if (mine !== seq || !response.ok) return;
        render(await response.json());
      } catch { /* offline or stopped: the form still works */ }
    }
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 120); });
    input.addEventListener("keydown", (e) => {
      const open = !list.hidden && items.length;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) lookup(true); else if (open) highlight((active + 1) % items.length);
      } else if (e.key === "ArrowUp" && open) {
        e.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        location.href = items[active].href;
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  // ------------------------------------------------------------ expandable rows
  function openFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.querySelector("summary")?.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  }

  function toggles() {
    for (const button of $$("[data-toggle-all]")) {
      button.addEventListener("click", () => {
        const all = $$(button.dataset.toggleAll);
        const open = !all.every((d) => d.open);
        all.forEach((d) => { d.open = open; });
        button.textContent = open ? "Collapse all" : "Expand all";
      });
    }
    // Links inside charts (SVG) follow Enter as HTML links do.
    for (const link of $$("svg a[href]")) {
      link.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); location.href = link.getAttribute("href"); }
      });
    }
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
  }

  // ------------------------------------------------------------ matrix: PNG export
  function pngExport() {
    for (const button of $$("[data-png]")) {
      button.addEventListener("click", async () => {
        const text = await (await fetch(button.dataset.png)).text();
        const doc = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        const width = Number(doc.getAttribute("width")), height = Number(doc.getAttribute("height"));
        const img = new Image();
        img.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        await img.decode();
        const scale = 2;
        const canvas = el("canvas", { width: width * scale, height: height * scale });
        const ctx = canvas.getContext("2d");
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, width, height);
        URL.revokeObjectURL(img.src);
        canvas.toBlob((blob) => {
          const a = el("a", { href: URL.createObjectURL(blob), download: "kg-matrix.png" });
          document.body.append(a);
          a.click();
          a.remove();
        }, "image/png");
      });
    }
  }

  // ------------------------------------------------------------ ingest
  function ingest(form) {
    const positions = form.dataset.positions.split(",");
    const status = $("#ingest-status"), storeStatus = $("#store-status");
    const section = $("#preview"), tbody = $("#preview-rows");
    let rows = [];

    const auth = () => {
      const token = form.elements.token?.value.trim();
      return token ? { Authorization: `Bearer ${token}` } : {};
    };
    async function problem(response) {
      try {
        const p = await response.json();
        return `${p.title || response.status}: ${p.detail || ""}`;
      } catch { return `${response.status} ${response.statusText}`; }
    }
    function say(node, text, kind) {
      node.textContent = text;
      node.className = `status ${kind || ""}`;
    }
    function input(row, key, label, props = {}) {
      const field = el(props.multiline ? "textarea" : "input", { value: row[key] || "", ...props.attrs });
      field.setAttribute("aria-label", label);
      field.addEventListener("input", () => { row[key] = field.value.trim() || undefined; });
      return field;
    }
    function render() {
      tbody.replaceChildren(...rows.map((row, i) => {
        const keep = el("input", { type: "checkbox", checked: true });
        keep.setAttribute("aria-label", `Keep statement ${i + 1}`);
        keep.addEventListener("change", () => { row._drop = !keep.checked; tr.classList.toggle("dropped", row._drop); });
        const position = el("select", {}, ...positions.map((p) => el("option", { value: p, textContent: p, selected: p === row.position })));
        position.setAttribute("aria-label", `Position of statement ${i + 1}`);
        position.addEventListener("change", () => { row.position = position.value; position.className = `pos-select pos-${row.position}`; });
        position.className = `pos-select pos-${row.position}`;
        const tr = el("tr", { className: "preview-row" },
          el("td", {}, keep),
          el("td", {}, input(row, "actor", `Actor of statement ${i + 1}`, { attrs: { required: true } })),
          el("td", {}, position, ...(row.denied_by ? [el("small", { className: "denial", textContent: ` denied by ${row.denied_by}` })] : [])),
          el("td", {}, input(row, "topic", `Topic of statement ${i + 1}`, { attrs: { required: true } })),
          el("td", {}, input(row, "date", `Date of statement ${i + 1}`, { attrs: { type: "date" } })),
          el("td", {}, input(row, "attributed_to", `Who reported statement ${i + 1}`)),
          el("td", {}, input(row, "quote", `Quote of statement ${i + 1}`, { multiline: true, attrs: { rows: 3 } })));
        return tr;
      }));
    }
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = form.elements;
      const body = { text: f.text.value };
      for (const key of ["title", "publisher", "url", "published"]) if (f[key].value.trim()) body[key] = f[key].value.trim();
      if (!body.title && !body.url) { say(status, "Give a title or a URL.", "error"); f.title.focus(); return; }
      say(status, "Extracting…");
      const response = await fetch("/articles/preview", {
        method: "POST", headers: { "Content-Type": "application/json", ...auth() }, body: JSON.stringify(body),
      });
      if (!response.ok) { say(status, await problem(response), "error"); return; }
      rows = (await response.json()).rows;
      say(status, `${rows.length} statement${rows.length === 1 ? "" : "s"} found.`, "ok");
      say(storeStatus, "");
      render();
      section.hidden = rows.length === 0;
      if (rows.length) $("#preview-h").scrollIntoView({ block: "start" });
    });
    $("#store").addEventListener("click", async () => {
      const kept = rows.filter((r) => !r._drop).map(({ _drop, cue, ...r }) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null && v !== "")));
      if (!kept.length) { say(storeStatus, "Every statement is dropped: nothing to store.", "error"); return; }
      say(storeStatus, "Storing…");
      const response = await fetch("/statements", {
        method: "POST", headers: { "Content-Type": "application/x-ndjson", ...auth() },
        body: kept.map((r) => JSON.stringify(r)).join("\n") + "\n",
      });
      if (!response.ok) { say(storeStatus, await problem(response), "error"); return; }
      const result = await response.json();
      const topics = [...new Map(kept.map((r) => [r.topic, r.topic])).keys()];
      storeStatus.replaceChildren(`Stored ${result.statements} statement${result.statements === 1 ? "" : "s"}. See `,
        ...topics.flatMap((t, i) => [i ? ", " : "", el("a", { href: `/?q=${encodeURIComponent(t)}`, textContent: t })]), ".");
      storeStatus.className = "status ok";
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const q = document.getElementById("q");
    if (q) combobox(q);
    toggles();
    pngExport();
    const article = document.getElementById("article-form");
    if (article) ingest(article);
  });
})();
