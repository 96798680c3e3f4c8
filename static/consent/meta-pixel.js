// Meta Pixel, loaded only when the tenant enabled it AND the visitor consented to marketing.
// The PageView carries the event id the server also sends through the Conversions API, so Meta
// counts the two copies once.
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag) return;
  var pixelId = tag.dataset.pixelId;
  var eventId = tag.dataset.eventId;
  var nonce = tag.nonce || tag.getAttribute("nonce") || "";
  if (!pixelId || window.fbq) return;
  var fbq = window.fbq = function () {
    if (fbq.callMethod) { fbq.callMethod.apply(fbq, arguments); } else { fbq.queue.push(arguments); }
  };
  if (!window._fbq) window._fbq = fbq;
  fbq.push = fbq;
  fbq.loaded = true;
  fbq.version = "2.0";
  fbq.queue = [];
  var script = document.createElement("script");
  script.async = true;
  if (nonce) script.nonce = nonce;
  script.src = "https://connect.facebook.net/en_US/fbevents.js";
  document.head.appendChild(script);
  fbq("init", pixelId);
  fbq("track", "PageView", {}, { eventID: eventId });
})();
