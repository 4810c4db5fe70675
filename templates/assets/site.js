/* Site behaviour: copy buttons, sortable tables, the filters of /models/ and /changes/ and
   the tier switch of /pricing/. A long list's filters read its filter index and only the
   row files that hold matching rows (/models/), or every page of the list (/changes/).
   Local and dependency-free; every page works without it. It builds no markup of the
   page's own: the templates render every row and badge, and this only moves, sorts,
   hides and shows what they rendered. */
import { announce, copyText, keepInAddress } from "./common.js";

function flash(button, text) {
  const label = button.firstChild;
  const original = label.nodeValue;
  label.nodeValue = text;
  window.setTimeout(() => { label.nodeValue = original; }, 2000);
}

function setupCopy(button) {
  const target = document.getElementById(button.getAttribute("data-copy"));
  if (!target) { return; }
  button.hidden = false;
  button.addEventListener("click", () => {
    copyText(target.textContent).then(() => {
      flash(button, "Copied");
      announce("Copied to the clipboard.");
    }, () => {
      announce("Could not copy; select the text and copy it yourself.");
    });
  });
}

/* Exact comparison of non-negative decimal strings ('0.030' < '0.1'): no floats. */
function compareDecimal(a, b) {
  const pa = a.split("."), pb = b.split(".");
  const ia = pa[0].replace(/^0+/, ""), ib = pb[0].replace(/^0+/, "");
  if (ia.length !== ib.length) { return ia.length - ib.length; }
  if (ia !== ib) { return ia < ib ? -1 : 1; }
  const n = Math.max((pa[1] || "").length, (pb[1] || "").length);
  const fa = (pa[1] || "").padEnd(n, "0"), fb = (pb[1] || "").padEnd(n, "0");
  return fa < fb ? -1 : (fa > fb ? 1 : 0);
}

function cellValue(row, index) {
  const cell = row.children[index];
  const value = cell.getAttribute("data-value");
  return value === null ? cell.textContent.trim().toLowerCase() : value;
}

/* Amounts in two currencies do not compare: a price cell in another currency than the
   site's default names it (data-currency), and prices sort within their currency. */
function currencyOf(row, index) { return row.children[index].getAttribute("data-currency") || ""; }

function sortRows(table, index, numeric, ascending) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index), y = cellValue(b, index);
    /* a cell without an amount (data-value="", shown as "—") comes last either way */
    if (numeric && (x === "") !== (y === "")) { return x === "" ? 1 : -1; }
    const byCurrency = currencyOf(a, index).localeCompare(currencyOf(b, index));
    const order = numeric ? byCurrency || compareDecimal(x, y) : x.localeCompare(y);
    return ascending ? order : -order;
  });
  rows.forEach((row) => body.appendChild(row));
}

function setupSort(table) {
  const headers = table.querySelectorAll("thead th[data-sort]");
  headers.forEach((th) => {
    const index = Array.prototype.indexOf.call(th.parentNode.children, th);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) { button.appendChild(th.firstChild); }  /* keeps a header's unit line */
    th.appendChild(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      sortRows(table, index, th.getAttribute("data-sort") === "number", ascending);
      announce("Sorted by " + button.textContent + ", " + (ascending ? "ascending" : "descending") + ".");
    });
  });
}

function words(text) { return text ? text.split(" ") : []; }

/* `d`: a row's data-* attributes (row.dataset), or its entry of a filter index, which
   gives the same values by the same names. */
function matches(d, filter) {
  return (!filter.q || d.search.toLowerCase().indexOf(filter.q) >= 0) &&
    (!filter.provider || d.provider === filter.provider) &&
    (!filter.kind || d.kind === filter.kind) &&
    (!filter.direction || d.direction === filter.direction) &&  /* /changes/: down, up, added, removed */
    (!filter.modality || words(d.modalities).indexOf(filter.modality) >= 0) &&
    (!filter.capability || words(d.capabilities).indexOf(filter.capability) >= 0) &&
    (!filter.max_price || compareDecimal(d.price, filter.max_price) <= 0);
}

function readFilter(form) {
  const filter = {};
  for (const field of form.elements) {
    if (field.name) { filter[field.name] = field.value.trim().toLowerCase(); }
  }
  if (filter.max_price && !/^\d*\.?\d*$/.test(filter.max_price)) { filter.max_price = ""; }
  return filter;
}

function filterQuery(form) {
  const params = new URLSearchParams();
  for (const field of form.elements) {
    if (field.name && field.value) { params.set(field.name, field.value); }
  }
  const query = params.toString();
  return query ? "?" + query : "";
}

function isFiltering(filter) {
  return Object.keys(filter).some((key) => filter[key]);
}

/* Every page of a long list, first to last, as its pager links them (without the
   query the filters put on those links); `isCurrent` marks this one. */
function listPages(pager) {
  return Array.from(pager.querySelectorAll("li > a:not([rel])"), (link) => {
    const url = new URL(link.getAttribute("href"), window.location.href);
    url.search = "";
    url.hash = "";
    return { url: url.href, isCurrent: link.getAttribute("aria-current") === "page" };
  });
}

/* The rows of the list's table (id `tableId`) on another page of the list: the very rows
   its template rendered (parsed, never run), with their links made absolute, since they
   were written relative to that page. */
function rowsOfPage(html, pageUrl, tableId) {
  const table = new DOMParser().parseFromString(html, "text/html").getElementById(tableId);
  if (!table) { throw new Error("no table " + tableId + " at " + pageUrl); }
  const rows = Array.from(table.tBodies[0].rows);  /* a copy: adopting a row takes it out of its table */
  return rows.map((row) => {
    for (const link of row.querySelectorAll("a[href]")) {
      link.href = new URL(link.getAttribute("href"), pageUrl).href;
    }
    return document.adoptNode(row);
  });
}

function fetchRows(page, tableId) {
  return fetch(page.url).then((response) => {
    if (!response.ok) { throw new Error(response.statusText); }
    return response.text();
  }).then((html) => rowsOfPage(html, page.url, tableId));
}

/* Every row of a long list, in list order: this page's own rows and the others'. */
function loadEveryRow(pager, pageRows, tableId) {
  const pages = listPages(pager);
  return Promise.all(pages.map((page) => (page.isCurrent ? pageRows : fetchRows(page, tableId))))
    .then((chunks) => chunks.flat());
}

/* A long list's filter index (data-index; generator/render/filterindex.py says its layout):
   per row, in list order, what the filters test, and which row file of each order holds
   its markup. `files[o][n]` lists the list positions that row file n of order o holds. */
function readIndex(data, indexUrl) {
  if (data.v !== 1) { throw new Error("unknown filter index " + data.v); }
  const strings = data.strings;
  /* a list: its pieces joined by a space; a list in a list: joined with nothing between */
  const value = (v, between = " ") =>
    (typeof v === "number" ? strings[v] : (Array.isArray(v) ? v.map((p) => value(p, "")).join(between) : v));
  const width = data.fields.length;
  const files = data.files.map((names) => names.map((name) => ({ url: new URL(name, indexUrl).href, positions: [] })));
  const entries = data.rows.map((row, position) => {
    const values = {};
    data.fields.forEach((name, i) => { values[name] = value(row[i]); });
    files.forEach((order, o) => { order[row[width + o]].positions.push(position); });
    return { values, files: row.slice(width) };
  });
  return { entries, files };
}

/* The rows of a row file: the very rows the listing's template rendered (parsed, never
   run), their links made absolute, since they were written relative to that file. */
function rowsOfFile(data, fileUrl) {
  const doc = new DOMParser().parseFromString("<table><tbody>" + data.rows + "</tbody></table>", "text/html");
  const rows = Array.from(doc.querySelector("tbody").rows);  /* a copy: adopting a row takes it out of its table */
  return rows.map((row) => {
    for (const link of row.querySelectorAll("a[href]")) {
      link.href = new URL(link.getAttribute("href"), fileUrl).href;
    }
    return document.adoptNode(row);
  });
}

function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) { throw new Error(response.statusText); }
    return response.json();
  });
}

/* The rows of a long list that a filter shows, loaded from its filter index and only the
   row files that hold matching rows this page does not have: `pageRows`, at list
   positions from `first`, are this page's own. */
function listRows(indexUrl, pageRows, first) {
  const known = new Map(pageRows.map((row, i) => [first + i, row]));
  const loads = new Map();
  let index = null, indexLoad = null;
  function loadIndex() {
    if (!indexLoad) {
      indexLoad = fetchJson(indexUrl).then((data) => {
        index = readIndex(data, indexUrl);
        return index;
      });
    }
    return indexLoad;
  }
  function loadFile(file) {
    if (!loads.has(file.url)) {
      loads.set(file.url, fetchJson(file.url).then((data) => {
        const rows = rowsOfFile(data, file.url);
        if (rows.length !== file.positions.length) { throw new Error("the rows of " + file.url + " are not the index's"); }
        file.positions.forEach((position, i) => { if (!known.has(position)) { known.set(position, rows[i]); } });
      }));
    }
    return loads.get(file.url);
  }
  /* the row files of the order that holds the missing rows in the fewest rows */
  function filesFor(missing) {
    let best = null, bestSize = Infinity;
    index.files.forEach((order, o) => {
      const needed = new Set(missing.map((position) => order[index.entries[position].files[o]]));
      let size = 0;
      needed.forEach((file) => { size += file.positions.length; });
      if (size < bestSize) { best = needed; bestSize = size; }
    });
    return Array.from(best || []);
  }
  return {
    /* whether the rows of `filter` are at hand without a fetch */
    isReady(filter) {
      return Boolean(index) && index.entries.every((entry, position) => known.has(position) || !matches(entry.values, filter));
    },
    /* the list positions that match `filter`, their rows, and how many rows the list has */
    select(filter) {
      return loadIndex().then(({ entries }) => {
        const wanted = [];
        entries.forEach((entry, position) => { if (matches(entry.values, filter)) { wanted.push(position); } });
        const missing = wanted.filter((position) => !known.has(position));
        return Promise.all(filesFor(missing).map(loadFile)).then(() => ({
          rows: wanted.map((position) => known.get(position)),
          total: entries.length,
        }));
      });
    },
  };
}

/* Sort a table again by the column its header says it is sorted by, if any. */
function resort(table) {
  const th = table.querySelector("thead th[aria-sort]");
  if (!th) { return; }
  const index = Array.prototype.indexOf.call(th.parentNode.children, th);
  sortRows(table, index, th.getAttribute("data-sort") === "number", th.getAttribute("aria-sort") === "ascending");
}

/* The form names the table it filters, the line that counts its rows and what a row is
   (data-table, data-count, data-noun); without them, the model list's. */
function setupFilters(form) {
  const tableId = form.getAttribute("data-table") || "models";
  const noun = form.getAttribute("data-noun") || "model";
  const table = document.getElementById(tableId);
  const count = document.getElementById(form.getAttribute("data-count") || "model-count");
  const body = table.tBodies[0];
  const pageRows = Array.from(body.rows);
  const pageCount = count.textContent;
  const pager = document.querySelector("nav.pager");
  /* data-all marks a long list: its filters search every page */
  let isLongList = form.hasAttribute("data-all") && Boolean(pager);
  let rows = pageRows, allRows = null, loading = false, ticket = 0;
  /* data-index: the list's filter index, and row files instead of every page */
  const indexUrl = form.hasAttribute("data-index") ? new URL(form.getAttribute("data-index"), window.location.href).href : "";
  const listed = indexUrl ? listRows(indexUrl, pageRows, Number(form.getAttribute("data-first") || "1") - 1) : null;
  const params = new URLSearchParams(window.location.search);
  for (const field of form.elements) {
    if (field.name && params.has(field.name)) { field.value = params.get(field.name); }
  }
  function useRows(next) {
    if (next === rows) { return; }
    rows = next;
    const fragment = document.createDocumentFragment();
    rows.forEach((row) => fragment.appendChild(row));
    body.replaceChildren(fragment);
  }
  function loadAll() {
    loading = true;
    count.textContent = "Loading every " + noun + "…";
    loadEveryRow(pager, pageRows, tableId).then((loaded) => {
      allRows = loaded;
      apply();
    }, () => {
      count.textContent = "Could not load every " + noun + "; filtering this page only.";
      isLongList = false;
      apply();
    });
  }
  function showCount(shown, total) {
    count.textContent = shown === total ? "Showing all " + total + " " + noun + "s." :
      "Showing " + shown + " of " + total + " " + noun + "s.";
  }
  /* a long list with a filter index: only the matching rows are in the table */
  function applyListed(filter) {
    const mine = ++ticket;
    if (!listed.isReady(filter)) { count.textContent = "Loading the matching " + noun + "s…"; }
    listed.select(filter).then(({ rows: matching, total }) => {
      if (mine !== ticket) { return; }  /* a later filter is on its way */
      matching.forEach((row) => { row.hidden = false; });
      const fragment = document.createDocumentFragment();
      matching.forEach((row) => fragment.appendChild(row));
      body.replaceChildren(fragment);
      rows = matching;
      resort(table);
      if (pager) { pager.hidden = true; }
      showCount(matching.length, total);
    }, () => {
      if (mine !== ticket) { return; }
      isLongList = false;
      apply();
      count.textContent = "Could not load every " + noun + "; filtering this page only.";
    });
    keepInAddress(filterQuery(form));
  }
  function apply() {
    const filter = readFilter(form);
    const everywhere = isLongList && isFiltering(filter);
    ticket += 1;
    if (everywhere && listed) {
      applyListed(filter);
      return;
    }
    if (everywhere && !allRows) {
      if (!loading) { loadAll(); }
      return;
    }
    useRows(everywhere ? allRows : pageRows);
    if (pager) { pager.hidden = everywhere; }
    let shown = 0;
    rows.forEach((row) => {
      row.hidden = !matches(row.dataset, filter);
      if (!row.hidden) { shown += 1; }
    });
    if (isLongList && !everywhere) {
      count.textContent = pageCount;
    } else {
      showCount(shown, rows.length);
    }
    keepInAddress(filterQuery(form));
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); });
  form.addEventListener("reset", () => { window.setTimeout(apply, 0); });
  apply();
}

/* /pricing/: the tier switch links each service tier's own page (pricing/batch/). With
   JavaScript it swaps that page's tables in here instead (parsed, never run; their links
   made absolute, since they were written relative to that page) and keeps the choice in
   the address as ?tier=batch, on this page's own path, so every relative link stays right. */
function adoptPriceTables(html, pageUrl) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const tables = doc.getElementById("price-tables");
  if (!tables) { throw new Error("no price tables at " + pageUrl); }
  for (const link of tables.querySelectorAll("a[href]")) {
    const url = new URL(link.getAttribute("href"), pageUrl);
    const samePage = url.hash && url.href.split("#")[0] === pageUrl.split("#")[0];
    link.href = samePage ? url.hash : url.href;
  }
  const adopted = document.adoptNode(tables);
  adopted.querySelectorAll("table[data-sortable]").forEach(setupSort);
  return { tables: adopted, title: doc.title };
}

function setupTierSwitch(nav) {
  const links = Array.from(nav.querySelectorAll("a[data-tier]"));
  const current = links.find((link) => link.getAttribute("aria-current") === "page");
  const ownTier = current ? current.getAttribute("data-tier") : "";
  const views = new Map([[ownTier, Promise.resolve({ tables: document.getElementById("price-tables"), title: document.title })]]);
  let shown = ownTier;
  function view(link) {
    const tier = link.getAttribute("data-tier");
    if (!views.has(tier)) {
      const url = link.href;
      views.set(tier, fetch(url).then((response) => {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.text();
      }).then((html) => adoptPriceTables(html, url)));
    }
    return views.get(tier);
  }
  function show(link) {
    const tier = link.getAttribute("data-tier");
    if (tier === shown) { return Promise.resolve(); }
    return view(link).then(({ tables, title }) => {
      document.getElementById("price-tables").replaceWith(tables);
      document.title = title;
      shown = tier;
      links.forEach((l) => { if (l === link) { l.setAttribute("aria-current", "page"); } else { l.removeAttribute("aria-current"); } });
      const query = tier === ownTier ? "" : "?tier=" + encodeURIComponent(tier);
      window.history.replaceState(null, "", query || window.location.pathname);
      announce("Showing " + link.textContent + " prices.");
    }, (error) => {
      views.delete(tier);
      throw error;
    });
  }
  nav.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-tier]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    show(link).catch(() => { window.location.href = link.href; });  /* the tier's own page, then */
  });
  const wanted = new URLSearchParams(window.location.search).get("tier");
  const link = links.find((l) => l.getAttribute("data-tier") === wanted);
  if (link) { show(link).catch(() => { announce("Could not load the " + link.textContent + " prices."); }); }
}

document.querySelectorAll("button[data-copy]").forEach(setupCopy);
document.querySelectorAll("table[data-sortable]").forEach(setupSort);
document.querySelectorAll("#model-filters, #change-filters").forEach(setupFilters);
document.querySelectorAll("nav[data-tier-switch]").forEach(setupTierSwitch);
