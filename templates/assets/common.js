/* What site.js and compare.js share: telling screen readers what happened, copying
   text, and keeping a page's state in its address. Imported by both (an ES module is
   evaluated once per page, so both share one live region). */

let live;

export function announce(text) {
  if (!live) {
    live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    (document.querySelector("main") || document.body).appendChild(live);
  }
  live.textContent = "";
  window.setTimeout(() => { live.textContent = text; }, 50);
}

export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  return new Promise((resolve, reject) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy failed")); }
  });
}

/* `query` ('?a=b', or '' for none) replaces the address's query, so the page can be
   shared or reloaded as it is, and goes along on the links between the pages of a
   long list. */
export function keepInAddress(query) {
  window.history.replaceState(null, "", query || window.location.pathname);
  for (const link of document.querySelectorAll("a[data-keep-query]")) {
    link.search = query;
  }
}
