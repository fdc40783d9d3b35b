// Lets phones install the platform as a web app (the manifest is linked from every page).
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', function () {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* installing is optional */ });
  });
}
