/* The cost calculator of model pages and /compare/ (templates/_calculator.html).

   It prices a workload by the rules of the cost engine (generator/catalog/cost.py), ported
   as they are: the unit of each quantity (with its fallback), the options asked for (size,
   quality, resolution, cache lifetime), the service tier (a unit the tier lists no price
   for is billed at the standard price), the time of day, and the context-length tiers
   (cliff or incremental). Money never touches binary floating point: amounts arrive as
   exact decimal strings and become fractions of BigInts; quantities are whole numbers; a
   total is shown by the money rule of format_total (exact, at least two decimals).

   The form's fields are rendered by the template; the script shows the ones the priced
   lists use, reads them, fills the rows from the template's <template> elements (text
   only, through textContent) and keeps the choice in the address (?in=2000&out=500&n=1000
   &per=day), so a reload or a shared link restores it. A model page's price lists are in
   its section's data-calculator attribute; compare.js attaches the calculator to compare/shared.json
   and the files of the models compared. */
import { keepInAddress } from "./common.js";

/* ---------------------------------------------------------------- exact fractions */

function gcd(a, b) {
  while (b) { const t = a % b; a = b; b = t; }
  return a;
}

function fraction(n, d) {
  const g = gcd(n < 0n ? -n : n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n: n, d: d };
}

const ZERO = { n: 0n, d: 1n };
function whole(value) { return { n: BigInt(value), d: 1n }; }
function plus(x, y) { return fraction(x.n * y.d + y.n * x.d, x.d * y.d); }
function minus(x, y) { return fraction(x.n * y.d - y.n * x.d, x.d * y.d); }
function times(x, y) { return fraction(x.n * y.n, x.d * y.d); }
function divided(x, y) { return fraction(x.n * y.d, x.d * y.n); }
function less(x, y) { return x.n * y.d < y.n * x.d; }
function smaller(x, y) { return less(y, x) ? y : x; }

/* '0.030' -> 3/100, exactly. */
export function decimal(text) {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!match) { throw new Error("not a decimal amount: " + text); }
  const decimals = match[2] || "";
  return fraction(BigInt(match[1] + decimals), 10n ** BigInt(decimals.length));
}

/* The money rule of format_total: the exact amount, at least two decimals and no trailing
   zeros beyond them, thousands grouped: '$9.45', '$0.00875', '$12.50', '$1,234.00'. */
export function money(value, symbol) {
  let rest = value.d, twos = 0, fives = 0;
  while (rest % 2n === 0n) { rest /= 2n; twos += 1; }
  while (rest % 5n === 0n) { rest /= 5n; fives += 1; }
  if (rest !== 1n) { throw new Error("not a finite decimal"); }  /* whole quantities never make one */
  const places = Math.max(twos, fives);
  const digits = (value.n * 10n ** BigInt(places) / value.d).toString().padStart(places + 1, "0");
  const cut = digits.length - places;
  const units = digits.slice(0, cut).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return symbol + units + "." + digits.slice(cut).padEnd(2, "0");
}

/* ---------------------------------------------------------------- the cost engine's rules */

export class CostError extends Error {}

function spoken(name) { return name.replace(/_/g, " "); }

function offeredValues(prices, option) {
  return Array.from(new Set(prices.map(function (p) { return p[option]; }).filter(Boolean))).sort();
}

function hasNo(price, option) { return price[option] === undefined || price[option] === null; }

/* cost._with_options: the components for the size, quality, resolution and cache lifetime asked for. */
function withOptions(registry, candidates, usage) {
  registry.options.forEach(function (option) {
    const wanted = usage[option] || (option === "cache_ttl" ? registry.default_cache_ttl : null);
    const offered = offeredValues(candidates, option);
    if (!offered.length) { return; }
    if (!wanted) {
      const general = candidates.filter(function (p) { return hasNo(p, option); });
      if (!general.length) { throw new CostError("priced by " + spoken(option) + ": give one of " + offered.join(", ")); }
      candidates = general;
    } else if (offered.indexOf(wanted) >= 0) {
      candidates = candidates.filter(function (p) { return p[option] === wanted; });
    } else if (candidates.some(function (p) { return hasNo(p, option); })) {
      candidates = candidates.filter(function (p) { return hasNo(p, option); });
    } else {
      throw new CostError("no price for " + spoken(option) + " " + wanted + "; it has: " + offered.join(", "));
    }
  });
  return candidates;
}

/* records.Window.contains: 'HH:MM' in [start, end), which may wrap past midnight. */
function contains(window, time) {
  if (window.start < window.end) { return window.start <= time && time < window.end; }
  return time >= window.start || time < window.end;
}

function line(registry, quantity, price, notes) {
  const per = decimal(registry.units[price.unit].per_quantity);
  return { quantity: quantity, price: price, subtotal: times(divided(quantity, per), decimal(price.amount)), notes: notes };
}

/* cost._brackets: the lines of one quantity, its context-length tiers applied to the prompt's length. */
function brackets(registry, chosen, amount, prompt, notes) {
  const base = chosen.filter(function (p) { return hasNo(p, "above_tokens"); })[0] || null;
  const passed = chosen.filter(function (p) { return p.above_tokens && prompt > BigInt(p.above_tokens); })
    .sort(function (a, b) { return a.above_tokens - b.above_tokens; });
  const label = registry.units[chosen[0].unit].label.toLowerCase();
  if (!base && !passed.length) {
    const lowest = Math.min.apply(null, chosen.map(function (p) { return p.above_tokens || 0; }));
    throw new CostError("no " + label + " price for prompts of " + lowest.toLocaleString("en-US") + " tokens or fewer");
  }
  if (!passed.length) { return [line(registry, amount, base, notes)]; }
  const top = passed[passed.length - 1];
  const isPrompt = registry.prompt_quantities.indexOf(registry.units[top.unit].counts) >= 0;
  if (top.above_tokens_rule !== "incremental" || !isPrompt) { return [line(registry, amount, top, notes)]; }
  const bounds = [0].concat(passed.map(function (p) { return p.above_tokens; }));  /* each bracket prices its own tokens */
  const lines = [];
  [base].concat(passed).forEach(function (price, i) {
    const low = smaller(whole(bounds[i]), amount);
    const high = i + 1 < bounds.length ? smaller(whole(bounds[i + 1]), amount) : amount;
    if (less(low, high)) {
      if (!price) { throw new CostError("no " + label + " price below " + bounds[1].toLocaleString("en-US") + " tokens"); }
      lines.push(line(registry, minus(high, low), price, notes));
    }
  });
  return lines;
}

/* cost._price_quantity */
function priceQuantity(registry, prices, usage, quantity, amount, tier, at, prompt) {
  const units = registry.quantity_units[quantity];
  const unit = units.filter(function (u) { return prices.some(function (p) { return p.unit === u; }); })[0];
  if (!unit) { throw new CostError("no price for " + spoken(quantity)); }
  const notes = unit === units[0] ? [] : [registry.units[units[0]].label + " billed as " + registry.units[unit].label.toLowerCase()];
  const candidates = withOptions(registry, prices.filter(function (p) { return p.unit === unit; }), usage);
  let inTier = candidates.filter(function (p) { return (p.tier || null) === tier; });
  if (!inTier.length && tier !== null) {
    inTier = candidates.filter(function (p) { return !p.tier; });
    notes.push("standard price for " + registry.units[unit].label.toLowerCase());
  }
  const timed = inTier.filter(function (p) { return at && p.window && contains(p.window, at); });
  const chosen = timed.length ? timed : inTier.filter(function (p) { return !p.window; });
  if (!chosen.length) { throw new CostError("no " + registry.units[unit].label.toLowerCase() + " price for this time"); }
  return brackets(registry, chosen, amount, prompt, notes);
}

/* cost.cost: `usage` is {quantities: {name: BigInt}, size, quality, resolution, cache_ttl};
   `tier` 'standard' or null is the standard tier; `at` 'HH:MM' UTC or ''. */
export function cost(registry, prices, usage, tier, at) {
  tier = tier === "standard" ? null : tier;
  const quantities = usage.quantities;
  const prompt = registry.prompt_quantities.reduce(function (sum, q) { return sum + (quantities[q] || 0n); }, 0n);
  let lines = [];
  registry.quantities.forEach(function (name) {
    if (quantities[name]) {
      lines = lines.concat(priceQuantity(registry, prices, usage, name, whole(quantities[name]), tier, at || null, prompt));
    }
  });
  return { lines: lines, total: lines.reduce(function (sum, l) { return plus(sum, l.subtotal); }, ZERO) };
}

/* calculator.usage_of: one request of the form's whole numbers (`counts`, BigInt by field
   key) for one price list: its own fields only; a share is a percentage of `in`, rounded
   down to whole tokens and taken out of it. */
export function usageOf(registry, list, counts, choices) {
  const fields = registry.fields;
  const quantities = {};
  const implicit = list.calculator.implicit;
  Object.keys(implicit).forEach(function (q) { quantities[q] = BigInt(implicit[q]); });
  const shown = list.calculator.fields;
  shown.filter(function (k) { return !fields[k].share_of; }).forEach(function (k) {
    const q = fields[k].quantity;
    quantities[q] = (quantities[q] || 0n) + (counts[k] || 0n) * BigInt(fields[k].scale);
  });
  const shares = shown.filter(function (k) { return fields[k].share_of; });
  if (shares.reduce(function (sum, k) { return sum + (counts[k] || 0n); }, 0n) > 100n) {
    throw new RangeError("The cached and cache-write shares add up to more than 100%.");
  }
  shares.forEach(function (k) {
    const base = fields[k].share_of;
    const part = (counts[base] || 0n) * (counts[k] || 0n) / 100n;
    quantities[fields[k].quantity] = (quantities[fields[k].quantity] || 0n) + part;
    quantities[fields[base].quantity] -= part;
  });
  return {
    quantities: quantities,
    size: choices.size || null,
    quality: choices.quality || null,
    resolution: choices.resolution || null,
    cache_ttl: choices.ttl || null
  };
}

/* ---------------------------------------------------------------- the form */

const OPTION_OF = { size: "size", quality: "quality", resolution: "resolution", ttl: "cache_ttl" };

function valuesOffered(lists, key) {
  const found = new Set();
  lists.forEach(function (list) {
    list.prices.forEach(function (p) {
      if (key === "at" && p.window) { found.add(p.window.start); }
      if (OPTION_OF[key] && p[OPTION_OF[key]]) { found.add(p[OPTION_OF[key]]); }
    });
  });
  return found;
}

function labelOf(wrapper) {
  const label = wrapper.querySelector("label");
  return label ? label.firstChild.nodeValue.trim() : "";
}

/* `source()` gives the price lists to price, [{key, title, list}] (title null: the only one);
   `onChange(query)` keeps the choice in the address once the visitor changed it. */
export function attach(section, registry, source, onChange) {
  const form = section.querySelector("#calc-form");
  const problem = section.querySelector("#calc-problem");
  const table = section.querySelector("#calc-results");
  const rows = section.querySelector("#calc-rows");
  const rowTemplate = section.querySelector("#calc-row");
  const groupTemplate = section.querySelector("#calc-group");
  const fieldWrappers = Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
  const choiceWrappers = Array.prototype.slice.call(form.querySelectorAll("[data-choice]"));
  const fee = plus(whole(1), divided(decimal(registry.fee_percent), whole(100)));
  const state = { touched: false };

  function showWhatIsPriced(groups) {
    const keys = new Set();
    const lists = groups.map(function (g) { return g.list; });
    lists.forEach(function (list) { list.calculator.fields.forEach(function (k) { keys.add(k); }); });
    fieldWrappers.forEach(function (w) { w.hidden = !keys.has(w.getAttribute("data-field")); });
    choiceWrappers.forEach(function (w) {
      const key = w.getAttribute("data-choice");
      if (key === "offer") { return; }
      const offered = valuesOffered(lists, key);
      const select = w.querySelector("select");
      Array.prototype.forEach.call(select.options, function (o) { o.hidden = o.value !== "" && !offered.has(o.value); });
      if (select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        const first = Array.prototype.filter.call(select.options, function (o) { return !o.hidden; })[0];
        if (first) { select.value = first.value; }
      }
      w.hidden = offered.size === 0;
    });
  }

  /* The whole numbers of the shown fields and the volume, or the problems with them. */
  function read() {
    const counts = {}, problems = [];
    fieldWrappers.concat([form.querySelector(".calc-volume")]).forEach(function (w) {
      if (w.hidden) { return; }
      const input = w.querySelector("input");
      const text = input.value.trim();
      const limit = BigInt(input.max);
      if (text === "") { counts[input.name] = 0n; return; }
      if (!/^\d+$/.test(text) || BigInt(text) > limit) {
        problems.push(labelOf(w) + ": give a whole number from 0 to " + Number(limit).toLocaleString("en-US") + ".");
        return;
      }
      counts[input.name] = BigInt(text);
    });
    const choices = {};
    choiceWrappers.forEach(function (w) {
      if (!w.hidden) { const s = w.querySelector("select"); choices[s.name] = s.value; }
    });
    return { counts: counts, choices: choices, per: form.elements.per.value, problems: problems };
  }

  function note(result) {
    const notes = [];
    result.lines.forEach(function (l) {
      if (l.price.condition && notes.indexOf(l.price.condition) < 0) { notes.push(l.price.condition); }
      l.notes.forEach(function (n) { if (notes.indexOf(n) < 0) { notes.push(n); } });
    });
    return notes.join("; ");
  }

  function fill(row, tier, list, values) {
    const symbol = list.calculator.symbol;
    row.setAttribute("data-tier", tier[0]);
    row.querySelector(".calc-tier").textContent = tier[1];
    const cells = {};
    Array.prototype.forEach.call(row.querySelectorAll("td"), function (td) { cells[td.getAttribute("data-period")] = td; });
    let usage, result;
    try {
      usage = usageOf(registry, list, values.counts, values.choices);
      result = cost(registry, list.prices, usage, tier[0], values.choices.at || "");
    } catch (error) {
      if (!(error instanceof CostError) && !(error instanceof RangeError)) { throw error; }
      Object.keys(cells).forEach(function (p) { cells[p].textContent = "—"; });
      row.querySelector(".calc-note").textContent = error instanceof CostError ? "not priced: " + error.message : "";
      return error instanceof RangeError ? error.message : "";
    }
    const n = whole(values.counts.n || 0n);
    const month = values.per === "day" ? times(n, whole(registry.days_per_month)) : n;
    const figures = { request: result.total, day: times(result.total, n), month: times(result.total, month) };
    figures.fee = times(figures.month, fee);
    Object.keys(cells).forEach(function (p) { cells[p].textContent = money(figures[p], symbol); });
    row.querySelector(".calc-note").textContent = note(result);
    return "";
  }

  function tbodyFor(group, single) {
    if (single) { rows.hidden = false; return rows; }
    const body = groupTemplate.content.firstElementChild.cloneNode(true);
    body.setAttribute("data-group", group.key);
    body.querySelector("th").textContent = group.title;
    table.appendChild(body);
    return body;
  }

  function refresh() {
    const groups = source();
    showWhatIsPriced(groups);
    const values = read();
    rows.textContent = "";
    Array.prototype.forEach.call(table.querySelectorAll("tbody.calc-group"), function (b) { b.remove(); });
    const problems = values.problems.slice();
    if (!problems.length) {
      const single = groups.length === 1 && !groups[0].title;
      rows.hidden = !single;
      groups.forEach(function (group) {
        const body = tbodyFor(group, single);
        group.list.calculator.tiers.forEach(function (tier) {
          const row = rowTemplate.content.firstElementChild.cloneNode(true);
          const trouble = fill(row, tier, group.list, values);
          if (trouble && problems.indexOf(trouble) < 0) { problems.push(trouble); }
          body.appendChild(row);
        });
      });
    }
    problem.textContent = problems.join(" ");
    problem.hidden = !problems.length;
    table.hidden = problems.length > 0;
    Array.prototype.forEach.call(section.querySelectorAll("[data-period=day]"), function (node) {
      node.hidden = values.per !== "day";
    });
  }

  /* The shown fields and choices and the volume: 'in=2000&cached=20&out=500&n=1000&per=day'. */
  function query() {
    return Array.prototype.filter.call(form.elements, function (e) {
      return e.name && !e.closest("[hidden]");
    }).map(function (e) {
      return encodeURIComponent(e.name) + "=" + encodeURIComponent(e.value.trim());
    }).join("&");
  }

  function fromAddress() {
    const params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || !params.has(e.name)) { return; }
      const value = params.get(e.name);
      if (e.tagName === "SELECT") {
        if (Array.prototype.some.call(e.options, function (o) { return o.value === value; })) { e.value = value; }
      } else {
        e.value = value;
      }
      state.touched = true;
    });
  }

  function changed() {
    state.touched = true;
    refresh();
    if (onChange) { onChange(query()); }
  }

  fromAddress();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  return {
    refresh: refresh,
    query: query,
    isTouched: function () { return state.touched; }
  };
}

/* A model page: its price lists are in the section's data-calculator; an offer picker
   chooses among them. */
function startModelPage(section) {
  const data = JSON.parse(section.getAttribute("data-calculator"));
  const lists = {};
  data.offers.forEach(function (list) { lists[list.id] = list; });
  const offer = section.querySelector("#calc-offer");
  function source() {
    const id = offer && lists[offer.value] ? offer.value : data.offer;
    return [{ key: id, title: null, list: lists[id] }];
  }
  const calculator = attach(section, data, source, function (query) { keepInAddress("?" + query); });
  calculator.refresh();
  section.hidden = false;
}

const section = document.querySelector("#calculator-section[data-calculator]");
if (section && window.BigInt) { startModelPage(section); }
