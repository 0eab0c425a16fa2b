/* Statistics, loaded only for visitors who accepted them. Reports this page view, and each
   document download, to this website's own endpoint; nothing is sent to another host. */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  if (!endpoint) {
    return;
  }

  function send(hit) {
    var body = JSON.stringify(hit);
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, new Blob([body], { type: "application/json" }))) {
      return;
    }
    fetch(endpoint, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json" }
    }).catch(function () {});
  }

  var page = { url: location.href, title: document.title };
  if (document.referrer) {
    page.referrer = document.referrer;
  }
  send(page);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (link) {
      send({ url: location.href, title: document.title, download: link.href });
    }
  });
})();
