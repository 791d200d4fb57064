// The quick-save window (articles/views/quick_save.py). Opened by the bookmarklet, it asks the
// page that opened it for its HTML, as the browser shows it, then saves by itself; opened from
// the share menu or without its key, it waits for the Save button. Both directions of the
// conversation are checked: we answer nobody, and accept the page only from the window that
// opened us, speaking from the origin of the link being saved.
(function () {
  "use strict";

  const form = document.querySelector("[data-quick-save]");
  if (form) {
    const auto = form.hasAttribute("data-auto");
    const origin = form.dataset.pageOrigin;
    const maxBytes = Number(form.dataset.maxBytes) || 0;
    const url = form.querySelector("[name=url]");
    const html = form.querySelector("[data-page-html]");
    let sent = false;

    const submit = function () {
      if (sent) return;
      sent = true;
      form.querySelector("[data-saving]").hidden = false;
      form.requestSubmit();
    };

    const listen = function (event) {
      if (event.source !== window.opener || event.origin !== origin) return;
      const data = event.data;
      if (!data || data.newsreader !== "page" || typeof data.html !== "string") return;
      if (data.url !== url.value) return; // the page moved on since the click
      window.removeEventListener("message", listen);
      if (!maxBytes || new Blob([data.html]).size <= maxBytes) {
        html.value = data.html;
        form.querySelector("[data-page-received]").hidden = false;
      }
      if (auto) submit();
    };

    if (window.opener && origin) {
      window.addEventListener("message", listen);
      window.opener.postMessage("newsreader:page?", origin);
      // A page that does not answer (an old bookmarklet, a page that went away): save the link.
      if (auto) setTimeout(submit, 2500);
    } else if (auto) {
      submit();
    }
  }

  // Saved: the window closes itself after a moment, unless the reader is using it.
  const saved = document.querySelector("[data-close-after]");
  if (saved) {
    let busy = false;
    ["pointerdown", "keydown", "focusin"].forEach(function (type) {
      saved.addEventListener(type, () => (busy = true));
    });
    saved.querySelector("[data-closing]").hidden = false;
    setTimeout(function () {
      if (!busy) window.close();
    }, Number(saved.dataset.closeAfter) || 1500);
  }
})();
