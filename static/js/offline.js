// The offline page: lists the articles the service worker kept (templates/webapp/sw.js), by
// the titles their pages carry, most recently read first.
(function () {
  "use strict";

  const box = document.querySelector("[data-offline-articles]");
  if (!box || !("caches" in window)) return;
  const list = box.querySelector("[data-offline-list]");

  caches.open("pages").then(async function (pages) {
    const keys = (await pages.keys()).reverse();
    for (const request of keys) {
      const response = await pages.match(request);
      const html = response ? await response.text() : "";
      const doc = new DOMParser().parseFromString(html, "text/html");
      const heading = doc.querySelector("#reader-title");
      const title = (heading ? heading.textContent : doc.title).trim() || request.url;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = request.url;
      link.textContent = title;
      item.appendChild(link);
      list.appendChild(item);
    }
    box.hidden = keys.length === 0;
  });
})();
