{% autoescape off %}// newsreader's service worker (articles/views/webapp.py renders it; no user data in it).
// The shell (styles, scripts, icons) is served from the cache and refreshed behind; pages come
// from the network first, and the articles read last are kept to be read again offline.
// Logging in or out empties that cache. Nothing else is touched: forms, htmx and feeds go straight
// to the network.
"use strict";

const VERSION = {{ version }};
const SHELL = {{ shell }};
const OFFLINE = {{ offline }};
const STATIC = {{ static_prefix }};
const SIGN_IN_OR_OUT = {{ sign_in_or_out }};
const SHELL_CACHE = "shell-" + VERSION;
const PAGES_CACHE = "pages";
const KEEP_PAGES = 40;
const ARTICLE = /^\/articles\/\d+\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.concat([OFFLINE])))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("shell-") && name !== SHELL_CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && SIGN_IN_OR_OUT.includes(url.pathname)) {
    event.waitUntil(caches.delete(PAGES_CACHE)); // whoever is next on this device sees none
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(STATIC)) {
    event.respondWith(fromCacheThenRefresh(event));
  } else if (request.mode === "navigate") {
    event.respondWith(fromNetworkElseCache(event, url));
  }
});

async function fromCacheThenRefresh(event) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(event.request, { ignoreSearch: true });
  const fresh = fetch(event.request).then(function (response) {
    if (response.ok) return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => null));
    return kept;
  }
  return fresh;
}

async function fromNetworkElseCache(event, url) {
  const key = url.origin + url.pathname; // ?from=unread and the like: the same article
  try {
    const response = await fetch(event.request);
    if (response.ok && !response.redirected && ARTICLE.test(url.pathname)) {
      event.waitUntil(keep(key, response.clone()));
    }
    return response;
  } catch (error) {
    const pages = await caches.open(PAGES_CACHE);
    return (await pages.match(key)) || (await caches.match(OFFLINE)) || Response.error();
  }
}

async function keep(key, response) {
  const pages = await caches.open(PAGES_CACHE);
  await pages.delete(key); // put it back last: the cache keeps the order articles were read in
  await pages.put(key, response);
  const keys = await pages.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP_PAGES)).map((k) => pages.delete(k)));
}
{% endautoescape %}
