/* /compare/: draws the side-by-side table for the models chosen in the picker, and keeps
   the choice in the address (?models=a/b,c/d). It fetches only what the table shows:
   compare/shared.json (the features and the calculator's registry) and the file of each
   model compared (compare/models/<provider>/<model>.json), once, when it is first chosen.
   A model served by several upstreams shows its cheapest offer (the first in its file)
   unless another is picked (kept as ?models=a/b@hostco@eu), or every offer side by side
   (&offers=all). Prices are the exact strings the files carry, never numbers. Text only goes in
   through textContent, so record data can never become markup. The cost calculator
   (calculator.js) prices one workload with each column's offer, for every service tier;
   once changed, its fields go in the address too (&in=2000&out=500&n=1000&per=day). */
import { attach } from "./calculator.js";
import { announce, copyText, keepInAddress } from "./common.js";

const root = document.getElementById("compare-result");
const picker = document.getElementById("compare-picker");
const status = document.getElementById("compare-status");
const holder = document.getElementById("compare-table");
const share = document.getElementById("compare-share");
const clear = document.getElementById("compare-clear");
const everyOffer = document.getElementById("compare-every-offer");
const calculatorSection = document.getElementById("calculator-section");
/* A slug as the catalog's loader allows it (two safe segments): only such a name from the
   address becomes the path of a file to fetch. */
const SLUG = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\/[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
let data, bySlug = {}, loading = {}, selected = [], chosen = {}, calculator = null;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = text; }
  if (className) { node.className = className; }
  return node;
}

function offerOf(model, id) {
  return model.offers.filter(function (o) { return o.id === id; })[0];
}

/* The offer a model's column shows: the one picked, else the cheapest. */
function shownOffer(model) { return offerOf(model, chosen[model.slug]) || model.offers[0]; }

function fetchJson(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) { throw new Error(response.statusText); }
    return response.json();
  });
}

/* A model's file, fetched once; null when there is no such model (or it could not be
   fetched). Its page link is relative to the file, as every link in a file is. */
function loadModel(slug) {
  if (!loading[slug]) {
    const url = new URL(slug + ".json", new URL(root.getAttribute("data-models"), window.location.href)).href;
    loading[slug] = fetchJson(url).then(function (model) {
      model.url = new URL(model.url, url).href;
      bySlug[slug] = model;
      return model;
    }).catch(function () { delete loading[slug]; return null; });
  }
  return loading[slug];
}

/* The address's choice, [{slug, offer}], in its order: names that cannot be slugs are
   dropped here, those of no model once their files are not found. */
function fromAddress() {
  const items = [], slugs = [];
  const params = new URLSearchParams(window.location.search);
  params.getAll("models").forEach(function (value) {
    value.split(",").forEach(function (item) {
      item = item.trim();
      const at = item.indexOf("@");  /* slugs never hold '@'; offer ids may ('hostco@eu') */
      const slug = at < 0 ? item : item.slice(0, at);
      if (!SLUG.test(slug) || slugs.indexOf(slug) >= 0) { return; }
      slugs.push(slug);
      items.push({ slug: slug, offer: at < 0 ? null : item.slice(at + 1) });
    });
  });
  if (everyOffer) { everyOffer.checked = params.get("offers") === "all"; }
  return items;
}

/* The models compared whose files have arrived, in the order chosen. */
function shownModels() {
  return selected.filter(function (slug) { return bySlug[slug]; }).map(function (slug) { return bySlug[slug]; });
}

function boxes() { return picker.querySelectorAll("input[name=models]"); }

function syncBoxes() {
  Array.prototype.forEach.call(boxes(), function (box) { box.checked = selected.indexOf(box.value) >= 0; });
}

function keepSelectionInAddress() {
  const items = selected.map(function (slug) {
    const offer = chosen[slug], model = bySlug[slug];
    return offer && model && offer !== model.offers[0].id ? slug + "@" + offer : slug;
  });
  const all = everyOffer && everyOffer.checked && selected.length ? "&offers=all" : "";
  const workload = calculator && calculator.isTouched() ? "&" + calculator.query() : "";
  keepInAddress(selected.length ? "?models=" + items.join(",") + all + workload : "");
}

function yesNo(value) { return value ? "Yes" : "No"; }

function number(value) { return value ? value.toLocaleString("en-US") : "—"; }

function isEveryOffer() { return Boolean(everyOffer && everyOffer.checked); }

/* The table's columns: one per model, showing one offer; with "every offer", one per offer. */
function columnsFor(models) {
  const columns = [];
  models.forEach(function (m) {
    (isEveryOffer() ? m.offers : [shownOffer(m)]).forEach(function (o) { columns.push({ model: m, offer: o }); });
  });
  return columns;
}

function priceLabels(columns) {
  const labels = [];
  columns.forEach(function (c) {
    c.offer.prices.forEach(function (p) { if (labels.indexOf(p.label) < 0) { labels.push(p.label); } });
  });
  return labels;
}

function priceText(offer, label) {
  const found = offer.prices.filter(function (p) { return p.label === label; })[0];
  if (!found) { return "—"; }
  return found.display + " " + found.per + (found.note ? " (" + found.note + ")" : "");
}

function offerText(column) {
  const offers = column.model.offers;
  if (offers.length === 1) { return column.offer.label; }
  return column.offer.label + (column.offer === offers[0] ? " (cheapest of " + offers.length + " offers)" : "");
}

/* The offer picker of a model with several offers: its offers, cheapest first. */
function offerPicker(column) {
  const model = column.model;
  const select = el("select", null, "offer-pick");
  select.id = "offer-" + model.slug;
  select.setAttribute("aria-label", "Offer of " + model.name);
  model.offers.forEach(function (o, at) {
    const option = el("option", o.label + " · " + o.price_text + (at === 0 ? " (cheapest)" : ""));
    option.value = o.id;
    option.selected = o === column.offer;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    chosen[model.slug] = select.value;
    keepSelectionInAddress();
    render();
    const again = document.getElementById(select.id);
    if (again) { again.focus(); }
  });
  return select;
}

function servedBy(column) {
  return column.model.offers.length > 1 && !isEveryOffer() ? offerPicker(column) : offerText(column);
}

function rowsFor(columns) {
  const rows = [
    ["Provider", function (c) { return c.model.provider_name; }],
    ["Served by", servedBy],
    ["Kind", function (c) { return c.model.kind_label; }],
    ["Status", function (c) { return c.offer.status; }],
    ["Currency", function (c) { return c.offer.currency; }],
    ["Input", function (c) { return c.model.modalities.input.join(", "); }],
    ["Output", function (c) { return c.model.modalities.output.join(", "); }],
    ["Context window", function (c) { return number(c.offer.context_window); }],
    ["Max output tokens", function (c) { return number(c.offer.max_output_tokens); }]
  ];
  if (columns.some(function (c) { return c.offer.note; })) {
    rows.push(["Offer note", function (c) { return c.offer.note || "—"; }]);
  }
  data.features.forEach(function (f) {
    rows.push([f.label, function (c) { return yesNo(c.model.capabilities[f.id]); }]);
  });
  priceLabels(columns).forEach(function (label) {
    rows.push(["Price: " + label, function (c) { return priceText(c.offer, label); }]);
  });
  return rows;
}

function columnName(column) {
  return column.model.name + (isEveryOffer() && column.model.offers.length > 1 ? " (" + column.offer.label + ")" : "");
}

function headerCell(column) {
  const model = column.model;
  const th = el("th");
  th.scope = "col";
  const link = el("a", model.name);
  link.href = model.url;
  th.appendChild(link);
  th.appendChild(el("br"));
  th.appendChild(el("code", model.slug, "slug"));
  if (isEveryOffer() && model.offers.length > 1) {
    th.appendChild(el("br"));
    th.appendChild(el("span", column.offer.label, "muted"));
  }
  const remove = el("button", "Remove", "remove");
  remove.type = "button";
  remove.appendChild(el("span", " " + model.name, "visually-hidden"));
  remove.addEventListener("click", function () { toggle(model.slug, false); });
  th.appendChild(el("br"));
  th.appendChild(remove);
  return th;
}

function cell(value) {
  const td = el("td");
  if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value; }
  return td;
}

function table(models) {
  const columns = columnsFor(models);
  const t = el("table", null, "compare-table");
  t.appendChild(el("caption", "Comparison of " + columns.map(columnName).join(", ")));
  const head = el("tr");
  const corner = el("th", "Attribute");
  corner.scope = "col";
  head.appendChild(corner);
  columns.forEach(function (c) { head.appendChild(headerCell(c)); });
  t.appendChild(el("thead")).appendChild(head);
  const body = t.appendChild(el("tbody"));
  rowsFor(columns).forEach(function (row) {
    const tr = body.appendChild(el("tr"));
    const th = tr.appendChild(el("th", row[0]));
    th.scope = "row";
    columns.forEach(function (c) { tr.appendChild(cell(row[1](c))); });
  });
  return t;
}

function render() {
  const models = shownModels();
  const waiting = selected.length - models.length;
  holder.textContent = "";
  holder.hidden = models.length === 0;
  share.hidden = clear.hidden = models.length === 0;
  if (everyOffer) {
    everyOffer.parentNode.hidden = !models.some(function (m) { return m.offers.length > 1; });
  }
  if (models.length) { holder.appendChild(table(models)); }
  if (calculator) {
    calculatorSection.hidden = models.length === 0;
    if (models.length) { calculator.refresh(); }
  }
  status.textContent = waiting ? "Loading " + (waiting === 1 ? "a model" : waiting + " models") + "…" :
    (models.length >= 2 ? "Comparing " + models.length + " models." :
      (models.length === 1 ? "Pick at least one more model below." : "Pick two or more models below."));
}

/* What the calculator prices: each column's offer, named as its column is. */
function calculatorGroups() {
  return columnsFor(shownModels()).map(function (c) {
    const served = c.model.offers.length > 1 ? " · " + c.offer.label : "";
    return { key: c.model.slug + "@" + c.offer.id, title: c.model.name + served, list: c.offer };
  });
}

function unselect(slug) {
  const at = selected.indexOf(slug);
  if (at >= 0) { selected.splice(at, 1); }
}

function toggle(slug, on) {
  if (on && selected.indexOf(slug) < 0) { selected.push(slug); }
  if (!on) { unselect(slug); }
  syncBoxes();
  keepSelectionInAddress();
  render();
  if (on && !bySlug[slug]) {
    loadModel(slug).then(function (model) {
      if (!model && selected.indexOf(slug) >= 0) {
        unselect(slug);
        syncBoxes();
        keepSelectionInAddress();
        announce("Could not load " + slug + "; its page has its prices.");
      }
      render();
    });
  }
}

function start(json, items) {
  data = json;
  items.forEach(function (item) {
    const model = bySlug[item.slug];
    if (!model) { return; }
    selected.push(item.slug);
    if (item.offer && offerOf(model, item.offer)) { chosen[item.slug] = item.offer; }
  });
  if (calculatorSection && data.calculator && window.BigInt) {
    calculator = attach(calculatorSection, data.calculator, calculatorGroups, keepSelectionInAddress);
  }
  syncBoxes();
  root.hidden = false;
  picker.addEventListener("change", function (event) {
    if (event.target.name === "models") { toggle(event.target.value, event.target.checked); }
  });
  picker.addEventListener("submit", function (event) { event.preventDefault(); });
  share.addEventListener("click", function () {
    copyText(window.location.href).then(function () {
      announce("Link to this comparison copied.");
    }, function () { announce("Could not copy the link; copy it from the address bar."); });
  });
  clear.addEventListener("click", function () { selected = []; syncBoxes(); keepSelectionInAddress(); render(); });
  if (everyOffer) {
    everyOffer.addEventListener("change", function () { keepSelectionInAddress(); render(); });
  }
  render();
}

function load() {
  const items = fromAddress();
  const models = Promise.all(items.map(function (item) { return loadModel(item.slug); }));
  Promise.all([fetchJson(root.getAttribute("data-shared")), models]).then(function (loaded) {
    start(loaded[0], items);
  }).catch(function () {
    root.hidden = false;
    status.textContent = "The comparison data could not be loaded; each model below links to its page.";
  });
}

if (root && picker && window.fetch) { load(); }
