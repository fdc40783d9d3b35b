// Service worker of the installable web app. It keeps only the platform's own static files (styles, scripts,
// icons, the offline notice) so pages open fast on a slow network; pages and API answers, which carry project
// data, always come from the server and are never stored on the phone.
'use strict';

var CACHE = 'tiaodu-static-v2';
var PRECACHE = [
  '/offline.html',
  '/css/site.css',
  '/lib/bootstrap/css/bootstrap.min.css',
  '/lib/bootstrap/js/bootstrap.bundle.min.js',
  '/lib/htmx/htmx.min.js',
  '/icons/icon-192.png'
];
var STATIC = /^\/(css|js|lib|icons|data)\//;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }

  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(function () { return caches.match('/offline.html'); }));
    return;
  }

  if (STATIC.test(url.pathname)) {
    // Network first, so a new version is taken at once; the kept copy only when the network fails.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (kept) { return kept || caches.match(request, { ignoreSearch: true }); });
    }));
  }
});
