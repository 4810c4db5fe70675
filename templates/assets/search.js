/* Quick search: the header's box (templates/_search.html) as an ARIA combobox with a
   listbox of results as you type: models, providers, collections and kinds, by name, slug,
   id or alias. Without this script the box is a plain form that submits to /models/?q=.

   The index (search.json, laid out in generator/render/search.py) is fetched the first
   time the box is focused, never on page load. Every name is normalised once, when it
   arrives (lower case, accents dropped, each run of other characters one space), so a
   keystroke is a few indexOf calls per entry and no regular expression. Ranking: an exact
   name beats a prefix, a prefix beats a word's prefix, that beats a substring, and that
   beats every word somewhere; within one of those, providers, collections and kinds (a few
   broad entries that thousands of models would otherwise bury) before models, active
   models before deprecated ones, then shorter names first. Enter on a result opens it;
   Enter with none chosen submits the form, as without JavaScript. */

const LIMIT = 8;  /* results shown; the last option, every model matching, is always there */
const TIERS = 5;  /* exact, prefix, word prefix, substring, every word */
const GROUP_ORDER = { p: 0, c: 1, k: 2, m: 3 };

export function normalize(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

function plural(count, noun) { return count.toLocaleString("en-US") + " " + noun + (count === 1 ? "" : "s"); }

function entry(group, name, url, meta, names, rank) {
  const keys = names.map(normalize).filter((key, i, all) => key && all.indexOf(key) === i);
  return { group, name, url, meta, keys, hay: keys.join("|"), rank, sort: name.toLowerCase() };
}

/* The index as entries in tie-break order (see the comment at the top). */
export function prepare(index) {
  const entries = [];
  const groups = [["p", "Provider"], ["c", "Collection"], ["k", "Kind"]];
  for (const [group, label] of groups) {
    for (const [name, id, url, count] of index[group]) {
      entries.push(entry(group, name, url, label + " · " + plural(count, "model"), [name, id], 0));
    }
  }
  const [before, after] = index.mu;
  for (const [name, slug, provider, kind, aliases, status] of index.m) {
    const url = before + slug + after;
    const meta = ["Model", index.p[provider][0], index.k[kind][0]].concat(status ? [status] : []).join(" · ");
    const names = [name, slug.slice(slug.indexOf("/") + 1), slug].concat(aliases);
    entries.push(entry("m", name, url, meta, names, status === "deprecated" ? 1 : 0));
  }
  entries.sort((a, b) => (GROUP_ORDER[a.group] - GROUP_ORDER[b.group]) || (a.rank - b.rank) ||
    (a.sort.length - b.sort.length) || (a.sort < b.sort ? -1 : (a.sort > b.sort ? 1 : 0)));
  return entries;
}

function tierOf(keys, q) {
  let best = TIERS;
  for (const key of keys) {
    if (key === q) { return 0; }
    const tier = key.startsWith(q) ? 1 : (key.indexOf(" " + q) >= 0 ? 2 : (key.indexOf(q) >= 0 ? 3 : TIERS));
    if (tier < best) { best = tier; }
  }
  return best;
}

function hasEveryWord(hay, words) {
  for (const word of words) {
    if (hay.indexOf(word) < 0) { return false; }
  }
  return true;
}

/* The best `limit` entries for `query` and how many match in all: one pass, no sort
   (entries are in tie-break order, so the first ones of each tier are its best). */
export function search(entries, query, limit = LIMIT) {
  const q = normalize(query);
  if (!q) { return { results: [], total: 0 }; }
  const words = q.split(" ");
  const tiers = [];
  for (let t = 0; t < TIERS; t += 1) { tiers.push([]); }
  let total = 0;
  for (const e of entries) {
    let tier;
    if (e.hay.indexOf(q) >= 0) {
      tier = tierOf(e.keys, q);
    } else if (words.length > 1 && hasEveryWord(e.hay, words)) {
      tier = TIERS - 1;
    } else {
      continue;
    }
    total += 1;
    if (tiers[tier].length < limit) { tiers[tier].push(e); }
  }
  return { results: [].concat(...tiers).slice(0, limit), total };
}

function isTyping(element) {
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].indexOf(element.tagName) >= 0;
}

function setup(form) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  const status = document.getElementById("quick-search-status");
  const option = form.querySelector("template").content.firstElementChild;
  const root = new URL(form.getAttribute("data-root"), window.location.href);
  let entries = null, loading = null, active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function load() {
    if (!loading) {
      status.textContent = "Loading the search index…";
      const url = new URL(form.getAttribute("data-index"), window.location.href);
      loading = fetch(url).then((response) => {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.json();
      }).then((index) => {
        entries = prepare(index);
        status.textContent = "";
        update();
      }, () => {
        status.textContent = "Quick search could not load; press Enter to search the model list.";
      });
    }
  }

  function options() { return list.children; }

  function choose(index) {
    const all = options();
    if (active >= 0 && all[active]) { all[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    all[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function open(isOpen) {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) { choose(-1); }
  }

  function addOption(name, meta, href) {
    const item = option.cloneNode(true);
    item.id = "quick-search-option-" + list.children.length;
    item.querySelector(".quick-search-name").textContent = name;
    item.querySelector(".quick-search-meta").textContent = meta;
    item.setAttribute("data-href", href);
    list.appendChild(item);
  }

  function everyModelHref(query) {
    const url = new URL(form.action);
    url.search = new URLSearchParams({ q: query }).toString();
    return url.href;
  }

  function update() {
    const query = input.value.trim();
    if (!entries) {
      if (query) { load(); }
      return;
    }
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.replaceChildren();
    if (!normalize(query)) {
      status.textContent = "";
      open(false);
      return;
    }
    const found = search(entries, query);
    for (const e of found.results) { addOption(e.name, e.meta, new URL(e.url, root).href); }
    addOption("Every model matching “" + query + "”", "The model list, filtered", everyModelHref(query));
    status.textContent = found.total === 0 ? "No quick results; the model list can search further." :
      plural(found.total, "result") + (found.total > found.results.length ? ", the best " + found.results.length + " shown." : ".");
    open(true);
  }

  function go(item) { window.location.assign(item.getAttribute("data-href")); }

  input.addEventListener("focus", load);
  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    const count = options().length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) { return; }
      event.preventDefault();
      if (list.hidden) { open(true); }
      const step = event.key === "ArrowDown" ? 1 : -1;
      choose(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      go(options()[active]);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        open(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        update();
      }
    }
  });
  list.addEventListener("mousedown", (event) => { event.preventDefault(); });  /* keep the focus in the box */
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[role=option]");
    if (item) { go(item); }
  });
  list.addEventListener("mousemove", (event) => {
    const item = event.target.closest("[role=option]");
    const index = item ? Array.prototype.indexOf.call(options(), item) : -1;
    if (index >= 0 && index !== active) { choose(index); }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) { open(false); }
  });
  input.addEventListener("click", () => { if (list.hidden && options().length) { open(true); } });
  window.addEventListener("pageshow", () => { open(false); });  /* back from a result: a closed list */
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) { return; }
    event.preventDefault();
    input.focus();
    input.select();
  });
}

const form = document.getElementById("quick-search");
if (form) { setup(form); }
