// newsreader: progressive enhancements only; every page works without this file.
// Keyboard shortcuts, reading progress, live reading settings, selecting several articles,
// and tag completion after a comma. No inline script or style anywhere (strict CSP).
(function () {
  "use strict";

  const root = document.documentElement;
  root.classList.add("js");
  // Transitions start after the first frame laid out with "js", so nothing slides into place
  // on page load (the bulk bar would otherwise sweep down from the list on every page).
  requestAnimationFrame(() => requestAnimationFrame(() => root.classList.add("js-ready")));

  // The service worker keeps the app's shell and the articles read last for offline reading
  // (templates/webapp/sw.js). Installing the app does not depend on it working.
  const worker = document.body.dataset.serviceWorker;
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
  }

  // Copy buttons (feed links): the text of the element they name, to the clipboard.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(() => (button.textContent = "Copy"), 2000);
      });
    });
  });

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function isTyping(element) {
    return Boolean(
      element &&
        element.closest &&
        element.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")
    );
  }

  // ---------- The list: current card, selection ----------

  let currentId = null;

  function cards() {
    return Array.from(document.querySelectorAll("[data-card]"));
  }

  function currentCard() {
    return currentId ? document.getElementById(currentId) : null;
  }

  function setCurrent(card) {
    const old = currentCard();
    if (old) old.classList.remove("is-current");
    currentId = card ? card.id : null;
    if (!card) return;
    card.classList.add("is-current");
    const link = card.querySelector("[data-open]") || card.querySelector("button, a");
    if (link) link.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = cards();
    if (!all.length) return;
    const here = all.indexOf(currentCard());
    const next = here < 0 ? (step > 0 ? 0 : all.length - 1) : here + step;
    if (next >= 0 && next < all.length) {
      setCurrent(all[next]);
    } else if (step > 0) {
      const more = document.querySelector("[data-more]");
      if (more) more.click(); // load the next page; j again moves into it
    }
  }

  document.addEventListener("focusin", function (event) {
    const card = event.target.closest && event.target.closest("[data-card]");
    if (card && card.id !== currentId) {
      const old = currentCard();
      if (old) old.classList.remove("is-current");
      currentId = card.id;
      card.classList.add("is-current");
    }
  });

  // One Tab stop per card, its title: the card's other controls answer the shortcuts (s, e, m,
  // t, x, #) and stay reachable by pointer and screen reader. Without this file all are stops.
  function oneStopPerCard() {
    document.querySelectorAll("[data-card] :is(a, button, input, summary):not([data-open])")
      .forEach((control) => control.setAttribute("tabindex", "-1"));
  }
  oneStopPerCard();

  // htmx replaced a card or added more: keep the current one marked, and one stop per card.
  document.addEventListener("htmx:afterSettle", function () {
    const card = currentCard();
    if (card) card.classList.add("is-current");
    oneStopPerCard();
    updateSelection();
  });

  const bulk = document.querySelector("[data-bulk]");

  function selectedBoxes() {
    return Array.from(document.querySelectorAll("[data-select]"));
  }

  function updateSelection() {
    if (!bulk) return;
    const boxes = selectedBoxes();
    const chosen = boxes.filter((box) => box.checked).length;
    bulk.classList.toggle("is-active", chosen > 0);
    const label = bulk.querySelector("[data-selected-count]");
    if (label) label.textContent = chosen === 1 ? "1 selected" : chosen + " selected";
    const all = bulk.querySelector("[data-select-all] input");
    if (all) {
      all.checked = chosen > 0 && chosen === boxes.length;
      all.indeterminate = chosen > 0 && chosen < boxes.length;
    }
  }

  if (bulk) {
    const selectAll = bulk.querySelector("[data-select-all]");
    if (selectAll) {
      selectAll.hidden = false;
      selectAll.querySelector("input").addEventListener("change", function (event) {
        selectedBoxes().forEach((box) => (box.checked = event.target.checked));
        updateSelection();
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("[data-select]")) updateSelection();
    });
    updateSelection(); // the browser may have restored ticks after "back"
  }

  // ---------- Keyboard shortcuts ----------

  const dialog = document.getElementById("shortcuts");
  let waitingForG = false;

  function toggleShortcuts() {
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  document.querySelectorAll("[data-shortcuts-open]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", toggleShortcuts);
  });

  // Where s, e, m and t act: the current card in a list, the article in the reader.
  function scope() {
    return currentCard() || document.querySelector("[data-reader]");
  }

  function press(selector) {
    const place = scope();
    const control = place && place.querySelector(selector);
    if (control) control.click();
    return Boolean(control);
  }

  let focusTagsIn = null; // a card whose tag editor is still loading

  function editTags() {
    const place = scope();
    if (!place) return false;
    const details = place.querySelector("details[data-tagger]");
    if (details) details.open = true; // htmx fetches the editor when it opens
    const input = place.querySelector("[data-tag-input]");
    if (input) input.focus();
    else focusTagsIn = place;
    return Boolean(input || details);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (focusTagsIn && focusTagsIn.contains(event.detail.target)) {
      const input = focusTagsIn.querySelector("[data-tag-input]");
      if (input) input.focus();
      focusTagsIn = null;
    }
  });

  function follow(selector) {
    const link = document.querySelector(selector);
    if (link) window.location.href = link.href;
    return Boolean(link);
  }

  function goBack() {
    const back = document.querySelector("[data-back]");
    if (!back) return false;
    // Returning through history keeps the list where the reader left it.
    const from = document.referrer ? new URL(document.referrer) : null;
    if (from && from.origin === location.origin && from.pathname === new URL(back.href).pathname) {
      history.back();
    } else {
      window.location.href = back.href;
    }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (dialog && dialog.open && event.key !== "?") return;
    const key = event.key;
    if (waitingForG) {
      waitingForG = false;
      // The library views' keys and URLs are in the shortcuts dialog (articles/states.py).
      const view = document.querySelector("[data-go='" + CSS.escape(key) + "']");
      if (view) {
        window.location.href = view.dataset.url;
        event.preventDefault();
      }
      return;
    }
    let handled = true;
    switch (key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o":
        handled = Boolean(currentCard()) && press("[data-open]");
        break;
      case "Enter":
        // A focused link or button already answers Enter itself.
        handled = event.target === document.body && Boolean(currentCard()) && press("[data-open]");
        break;
      case "s": handled = press("[data-shortcut='star']"); break;
      case "e": handled = press("[data-shortcut='archive']"); break;
      case "m": handled = press("[data-shortcut='read']"); break;
      case "#":
      case "Delete": handled = press("[data-shortcut='delete']"); break;
      case "t": handled = editTags(); break;
      case "x": {
        const card = currentCard();
        const box = card && card.querySelector("[data-select]");
        if (box) {
          box.checked = !box.checked;
          updateSelection();
        }
        handled = Boolean(box);
        break;
      }
      case "/": {
        const search = document.getElementById("header-search");
        if (search) {
          search.focus();
          search.select();
        }
        handled = Boolean(search);
        break;
      }
      case "u": handled = goBack(); break;
      case "n": handled = follow("[data-next]"); break;
      case "p": handled = follow("[data-prev]"); break;
      case "g":
        waitingForG = true;
        setTimeout(() => (waitingForG = false), 1500);
        break;
      case "?": toggleShortcuts(); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  // On a phone the navigation is one sideways-scrolling row: show where we are in it, and fade
  // the edge that has more beyond it.
  const strip = document.querySelector(".side-nav");
  if (strip) {
    const markCut = function () {
      const rest = strip.scrollWidth - strip.clientWidth - strip.scrollLeft;
      strip.classList.toggle("is-cut-start", strip.scrollLeft > 2);
      strip.classList.toggle("is-cut-end", rest > 2);
    };
    const here = strip.querySelector("[aria-current='page']");
    if (here && strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft = here.offsetLeft - strip.clientWidth / 2 + here.offsetWidth / 2;
    }
    markCut();
    strip.addEventListener("scroll", markCut, { passive: true });
    window.addEventListener("resize", markCut);
  }

  // ---------- Reading on a phone: the bars make way for the text ----------
  // Scrolling down hides the header and the tool bar (the stylesheet does so only on narrow
  // screens); scrolling up, reaching either end, or a tap in the text brings them back.

  const article = document.querySelector("[data-reader]");
  if (article) {
    const immerse = (on) => root.classList.toggle("is-immersed", on);
    let lastY = window.scrollY;
    let byHand = false; // the scroll that restores the reading position is not reading
    ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (type) {
      window.addEventListener(type, () => (byHand = true), { passive: true, once: true });
    });
    window.addEventListener(
      "scroll",
      function () {
        const y = window.scrollY;
        if (!byHand) lastY = y;
        if (Math.abs(y - lastY) < 12) return;
        const atEnd = y + window.innerHeight >= document.documentElement.scrollHeight - 40;
        const popoverOpen = document.querySelector("details.popover[open]");
        immerse(y > lastY && y > 80 && !atEnd && !popoverOpen);
        lastY = y;
      },
      { passive: true }
    );
    article.addEventListener("click", function (event) {
      if (!event.target.closest(".article-body") || event.target.closest("a, button, summary")) {
        return;
      }
      immerse(!root.classList.contains("is-immersed"));
    });
  }

  // ---------- Pictures that do not load ----------
  // Article pictures stay on their own sites, and some of those are gone. A card then shows no
  // picture box, and the reader closes the gap: the figure, or whatever held only the picture.

  function hidePicture(img) {
    let box = img;
    while (box.parentElement && !box.parentElement.matches("[data-card], [data-reader], .prose")) {
      const up = box.parentElement;
      if (up.querySelectorAll("img").length > 1) break;
      if (!up.matches("figure, picture") && up.textContent.trim()) break;
      box = up;
    }
    box.hidden = true;
  }

  const pictures = "[data-card] img, [data-reader] img";
  // Errors do not bubble: listen while they travel down. Pictures that failed before this
  // script ran are found by their size.
  document.addEventListener(
    "error",
    function (event) {
      if (event.target.matches && event.target.matches(pictures)) hidePicture(event.target);
    },
    true
  );
  document.querySelectorAll(pictures).forEach(function (img) {
    if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) hidePicture(img);
  });

  // ---------- Pop-over panels (<details>): close on a click elsewhere or Escape ----------

  function closePopovers(except) {
    document.querySelectorAll("details.popover[open]").forEach(function (details) {
      if (details !== except) details.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    closePopovers(event.target.closest && event.target.closest("details.popover"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const open = document.querySelector("details.popover[open]");
    if (!open) return;
    open.open = false;
    const summary = open.querySelector("summary");
    if (summary) summary.focus();
  });

  // ---------- Sorting, settings ----------

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
  });

  const attributeFor = { font: "font", font_size: "size", line_width: "width", theme: "theme" };

  // Apply a reading setting on the page at once; htmx saves it on the server meanwhile.
  document.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-preferences]");
    if (!form || !event.target.name) return;
    const name = event.target.name;
    if (attributeFor[name]) root.dataset[attributeFor[name]] = event.target.value;
    if (name === "line_height") root.dataset.leading = String(Math.round(event.target.value * 100));
    // Keep the other settings forms on the page (the reader has one) in step.
    document.querySelectorAll("form[data-preferences]").forEach(function (other) {
      if (other === form) return;
      const field = other.elements[name];
      if (field && field.type !== "checkbox") field.value = event.target.value;
    });
  });

  // ---------- Tag names for completion, asked for when a tag field is first used ----------

  const TAG_FIELD = "[data-tag-input], [list^='tag-names']";

  function loadTagNames() {
    const list = document.getElementById("tag-names");
    const url = list && list.dataset.namesUrl;
    if (!url) return;
    delete list.dataset.namesUrl; // once a page
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        // A session that expired meanwhile answers with the login page.
        if (!response.ok || response.redirected) throw new Error(response.status);
        return response.text();
      })
      .then(function (options) {
        list.innerHTML = options; // <option>s the server escaped
      })
      .catch(function () {
        list.dataset.namesUrl = url; // try again on the next focus
      });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(TAG_FIELD)) loadTagNames();
  });
  if (document.activeElement && document.activeElement.matches(TAG_FIELD)) loadTagNames();

  // ---------- Tag completion after a comma ----------

  function tagNames() {
    const list = document.getElementById("tag-names");
    return list ? Array.from(list.options, (option) => option.value) : [];
  }

  document.addEventListener("input", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("[data-tag-input]")) return;
    const cut = input.value.lastIndexOf(",");
    if (cut < 0) {
      input.setAttribute("list", "tag-names");
      return;
    }
    const typed = input.value.slice(0, cut).split(",").map((name) => name.trim().toLowerCase());
    const prefix = input.value.slice(0, cut + 1) + " ";
    let own = document.getElementById("tag-names-more");
    if (!own) {
      own = document.createElement("datalist");
      own.id = "tag-names-more";
      document.body.appendChild(own);
    }
    const options = tagNames()
      .filter((name) => !typed.includes(name.toLowerCase()))
      .map((name) => new Option("", prefix + name));
    own.replaceChildren.apply(own, options);
    input.setAttribute("list", "tag-names-more");
  });

  // ---------- Saving: a paste over the size limit is stopped here, while it is still there ----------

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const limit = Number(form.dataset && form.dataset.maxBytes);
    const paste = limit && form.querySelector("textarea");
    if (!paste) return;
    const tooLarge = new Blob([paste.value]).size > limit; // UTF-8 bytes, as the server counts
    const note = form.querySelector("[data-too-large]");
    if (note) note.hidden = !tooLarge;
    if (tooLarge) {
      event.preventDefault();
      paste.focus();
    }
  });

  // ---------- Reading progress ----------

  const reader = document.querySelector("[data-reader]");
  const body = reader && reader.querySelector(".article-body");
  if (reader && body) {
    const url = reader.dataset.progressUrl;
    let sent = parseFloat(reader.dataset.progress) || 0;
    let scrolled = false;
    let timer = null;

    const seen = function () {
      const box = body.getBoundingClientRect();
      if (box.height <= 0) return 0;
      return Math.min(1, Math.max(0, (window.innerHeight - box.top) / box.height));
    };

    const send = function () {
      timer = null;
      const progress = seen();
      if (Math.abs(progress - sent) < 0.01 && progress < 1) return;
      sent = progress;
      const data = new URLSearchParams({ progress: progress.toFixed(4) });
      fetch(url, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
        keepalive: true,
      }).catch(function () {});
    };

    const restore = function () {
      if (scrolled || sent <= 0 || sent >= 0.995) return;
      const top = body.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, Math.max(0, top + sent * body.offsetHeight - window.innerHeight));
    };

    restore();
    // Images without dimensions may still change the height: place it again once loaded.
    window.addEventListener("load", restore);
    ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (type) {
      window.addEventListener(type, () => (scrolled = true), { passive: true, once: true });
    });
    window.addEventListener(
      "scroll",
      function () {
        if (!scrolled) return; // our own restoring scroll is not reading
        if (!timer) timer = setTimeout(send, 1500);
      },
      { passive: true }
    );
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && scrolled) send();
    });
  }
})();
