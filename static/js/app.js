// Serambi: registers the service worker. Everything works without this file.
if ("serviceWorker" in navigator) {
  addEventListener("load", function () { navigator.serviceWorker.register("/sw.js", { scope: "/" }); });
}
