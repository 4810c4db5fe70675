/* Site behaviour: copy buttons, sortable tables and the filters of /models/.
   Local and dependency-free; every page works without it. */
(function () {
  "use strict";

  var live;

  function announce(text) {
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      (document.querySelector("main") || document.body).appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function flash(button, text) {
    var label = button.firstChild;
    var original = label.nodeValue;
    label.nodeValue = text;
    window.setTimeout(function () { label.nodeValue = original; }, 2000);
  }

  function setupCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(target.textContent).then(function () {
        flash(button, "Copied");
        announce("Copied to the clipboard.");
      }, function () {
        announce("Could not copy; select the text and copy it yourself.");
      });
    });
  }

  /* Exact comparison of non-negative decimal strings ('0.030' < '0.1'): no floats. */
  function compareDecimal(a, b) {
    var pa = a.split("."), pb = b.split(".");
    var ia = pa[0].replace(/^0+/, ""), ib = pb[0].replace(/^0+/, "");
    if (ia.length !== ib.length) { return ia.length - ib.length; }
    if (ia !== ib) { return ia < ib ? -1 : 1; }
    var fa = pa[1] || "", fb = pb[1] || "", n = Math.max(fa.length, fb.length);
    fa = fa.padEnd(n, "0");
    fb = fb.padEnd(n, "0");
    return fa < fb ? -1 : (fa > fb ? 1 : 0);
  }

  function cellValue(row, index) {
    var cell = row.children[index];
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent.trim().toLowerCase() : value;
  }

  function sortRows(table, index, numeric, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? compareDecimal(x, y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setupSort(table) {
    var headers = table.querySelectorAll("thead th[data-sort]");
    Array.prototype.forEach.call(headers, function (th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortRows(table, index, th.getAttribute("data-sort") === "number", ascending);
        announce("Sorted by " + button.textContent + ", " + (ascending ? "ascending" : "descending") + ".");
      });
    });
  }

  function words(text) { return text ? text.split(" ") : []; }

  function matches(row, filter) {
    var d = row.dataset;
    return (!filter.q || d.search.toLowerCase().indexOf(filter.q) >= 0) &&
      (!filter.provider || d.provider === filter.provider) &&
      (!filter.kind || d.kind === filter.kind) &&
      (!filter.modality || words(d.modalities).indexOf(filter.modality) >= 0) &&
      (!filter.capability || words(d.capabilities).indexOf(filter.capability) >= 0) &&
      (!filter.max_price || compareDecimal(d.price, filter.max_price) <= 0);
  }

  function readFilter(form) {
    var filter = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) { filter[field.name] = field.value.trim().toLowerCase(); }
    });
    if (filter.max_price && !/^\d*\.?\d*$/.test(filter.max_price)) { filter.max_price = ""; }
    return filter;
  }

  /* Links between the pages of a long list carry the current query along. */
  function keepQueryInPageLinks(query) {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-query]"), function (link) {
      link.search = query;
    });
  }

  function keepInAddress(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) { params.set(field.name, field.value); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    keepQueryInPageLinks(query ? "?" + query : "");
  }

  function isFiltering(filter) {
    return Object.keys(filter).some(function (key) { return filter[key]; });
  }

  /* A row of the models table built from compare/models.json, for filters that search
     every page of a long list. Text only, through textContent: no markup from data. */
  function rowFromData(model, source, features) {
    var tr = document.createElement("tr");
    var caps = features.filter(function (f) { return model.capabilities[f.id]; });
    tr.dataset.provider = model.provider;
    tr.dataset.kind = model.kind;
    tr.dataset.modalities = model.modalities.input.concat(model.modalities.output).join(" ");
    tr.dataset.capabilities = caps.map(function (f) { return f.id; }).join(" ");
    tr.dataset.price = model.sort_price;
    tr.dataset.search = [model.name, model.slug, model.provider_name, model.kind_label].join(" ");
    var th = document.createElement("th");
    th.scope = "row";
    var link = document.createElement("a");
    link.href = new URL(model.url, source).href;
    link.textContent = model.name;
    th.appendChild(link);
    if (model.status !== "active") {
      var badge = document.createElement("span");
      badge.className = "badge status-" + model.status;
      badge.textContent = model.status;
      th.appendChild(document.createTextNode(" "));
      th.appendChild(badge);
    }
    th.appendChild(document.createElement("br"));
    var slug = document.createElement("code");
    slug.className = "slug";
    slug.textContent = model.slug;
    th.appendChild(slug);
    tr.appendChild(th);
    var cells = [model.provider_name, model.kind_label,
      model.modalities.input.join(", ") + " → " + model.modalities.output.join(", "),
      model.context_window ? model.context_window.toLocaleString("en-US") : "—", model.price_text,
      caps.length ? caps.map(function (f) { return f.label; }).join(", ") : "—"];
    cells.forEach(function (text, i) {
      var td = document.createElement("td");
      td.textContent = text;
      if (i === 3) { td.dataset.value = String(model.context_window || 0); }
      if (i === 4) { td.dataset.value = model.sort_price; }
      tr.appendChild(td);
    });
    return tr;
  }

  function setupFilters(form) {
    var table = document.getElementById("models");
    var count = document.getElementById("model-count");
    var body = table.tBodies[0];
    var pageRows = Array.prototype.slice.call(body.rows);
    var rows = pageRows;
    var pageCount = count.textContent;
    var source = form.getAttribute("data-all");  /* a long list: filters search every page */
    var allRows = null, loading = false;
    var pager = document.querySelector("nav.pager");
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && params.has(field.name)) { field.value = params.get(field.name); }
    });
    function useRows(next) {
      if (next === rows) { return; }
      rows = next;
      while (body.firstChild) { body.removeChild(body.firstChild); }
      rows.forEach(function (row) { body.appendChild(row); });
    }
    function loadAll() {
      loading = true;
      count.textContent = "Loading every model…";
      var url = new URL(source, window.location.href).href;
      fetch(url).then(function (response) { return response.json(); }).then(function (data) {
        allRows = data.models.map(function (model) { return rowFromData(model, url, data.features); });
        apply();
      }, function () {
        count.textContent = "Could not load every model; filtering this page only.";
        source = null;
        apply();
      });
    }
    function apply() {
      var filter = readFilter(form), shown = 0;
      var everywhere = source && isFiltering(filter);
      if (everywhere && !allRows) {
        if (!loading) { loadAll(); }
        return;
      }
      useRows(everywhere ? allRows : pageRows);
      if (pager) { pager.hidden = Boolean(everywhere); }
      rows.forEach(function (row) {
        row.hidden = !matches(row, filter);
        if (!row.hidden) { shown += 1; }
      });
      if (source && !everywhere) {
        count.textContent = pageCount;
      } else {
        count.textContent = shown === rows.length ? "Showing all " + rows.length + " models." :
          "Showing " + shown + " of " + rows.length + " models.";
      }
      keepInAddress(form);
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setupSort);
    var filters = document.getElementById("model-filters");
    if (filters) { setupFilters(filters); }
  }

  window.aigw = { announce: announce, copyText: copyText };
  start();
}());
