/* /compare/: draws the side-by-side table from models.json for the models chosen in
   the picker, and keeps the choice in the address (?models=a/b,c/d). Text only goes
   in through textContent, so record data can never become markup. */
import { announce, copyText, keepInAddress } from "./common.js";

const root = document.getElementById("compare-result");
const picker = document.getElementById("compare-picker");
const status = document.getElementById("compare-status");
const holder = document.getElementById("compare-table");
const share = document.getElementById("compare-share");
const clear = document.getElementById("compare-clear");
let data, bySlug = {}, selected = [];

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = text; }
  if (className) { node.className = className; }
  return node;
}

function fromAddress() {
  const slugs = [];
  new URLSearchParams(window.location.search).getAll("models").forEach(function (value) {
    value.split(",").forEach(function (slug) {
      slug = slug.trim();
      if (bySlug[slug] && slugs.indexOf(slug) < 0) { slugs.push(slug); }
    });
  });
  return slugs;
}

function boxes() { return picker.querySelectorAll("input[name=models]"); }

function syncBoxes() {
  Array.prototype.forEach.call(boxes(), function (box) { box.checked = selected.indexOf(box.value) >= 0; });
}

function keepSelectionInAddress() {
  keepInAddress(selected.length ? "?models=" + selected.join(",") : "");
}

function yesNo(value) { return value ? "Yes" : "No"; }

function number(value) { return value ? value.toLocaleString("en-US") : "—"; }

function priceLabels(models) {
  const labels = [];
  models.forEach(function (m) {
    m.prices.forEach(function (p) { if (labels.indexOf(p.label) < 0) { labels.push(p.label); } });
  });
  return labels;
}

function priceText(model, label) {
  const found = model.prices.filter(function (p) { return p.label === label; })[0];
  if (!found) { return "—"; }
  return found.display + " " + found.per + (found.note ? " (" + found.note + ")" : "");
}

function rowsFor(models) {
  const rows = [
    ["Provider", function (m) { return m.provider_name; }],
    ["Kind", function (m) { return m.kind_label; }],
    ["Status", function (m) { return m.status; }],
    ["Currency", function (m) { return m.currency; }],
    ["Input", function (m) { return m.modalities.input.join(", "); }],
    ["Output", function (m) { return m.modalities.output.join(", "); }],
    ["Context window", function (m) { return number(m.context_window); }],
    ["Max output tokens", function (m) { return number(m.max_output_tokens); }]
  ];
  data.features.forEach(function (f) {
    rows.push([f.label, function (m) { return yesNo(m.capabilities[f.id]); }]);
  });
  priceLabels(models).forEach(function (label) {
    rows.push(["Price: " + label, function (m) { return priceText(m, label); }]);
  });
  return rows;
}

function headerCell(model) {
  const th = el("th");
  th.scope = "col";
  const link = el("a", model.name);
  link.href = model.url;
  th.appendChild(link);
  th.appendChild(el("br"));
  th.appendChild(el("code", model.slug, "slug"));
  const remove = el("button", "Remove", "remove");
  remove.type = "button";
  remove.appendChild(el("span", " " + model.name, "visually-hidden"));
  remove.addEventListener("click", function () { toggle(model.slug, false); });
  th.appendChild(el("br"));
  th.appendChild(remove);
  return th;
}

function table(models) {
  const t = el("table", null, "compare-table");
  t.appendChild(el("caption", "Comparison of " + models.map(function (m) { return m.name; }).join(", ")));
  const head = el("tr");
  const corner = el("th", "Attribute");
  corner.scope = "col";
  head.appendChild(corner);
  models.forEach(function (m) { head.appendChild(headerCell(m)); });
  t.appendChild(el("thead")).appendChild(head);
  const body = t.appendChild(el("tbody"));
  rowsFor(models).forEach(function (row) {
    const tr = body.appendChild(el("tr"));
    const th = tr.appendChild(el("th", row[0]));
    th.scope = "row";
    models.forEach(function (m) { tr.appendChild(el("td", row[1](m))); });
  });
  return t;
}

function render() {
  const models = selected.map(function (slug) { return bySlug[slug]; });
  holder.textContent = "";
  holder.hidden = models.length === 0;
  share.hidden = clear.hidden = models.length === 0;
  if (models.length) { holder.appendChild(table(models)); }
  status.textContent = models.length >= 2 ? "Comparing " + models.length + " models." :
    (models.length === 1 ? "Pick at least one more model below." : "Pick two or more models below.");
}

function toggle(slug, on) {
  const at = selected.indexOf(slug);
  if (on && at < 0) { selected.push(slug); }
  if (!on && at >= 0) { selected.splice(at, 1); }
  syncBoxes();
  keepSelectionInAddress();
  render();
}

function start(json) {
  data = json;
  data.models.forEach(function (m) { bySlug[m.slug] = m; });
  selected = fromAddress();
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
  render();
}

function load() {
  fetch(root.getAttribute("data-source")).then(function (response) {
    if (!response.ok) { throw new Error(response.statusText); }
    return response.json();
  }).then(start).catch(function () {
    root.hidden = false;
    status.textContent = "The comparison data could not be loaded; each model below links to its page.";
  });
}

if (root && picker && window.fetch) { load(); }
