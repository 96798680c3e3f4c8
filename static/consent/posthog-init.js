// PostHog, loaded only when the tenant enabled it AND the visitor consented to analytics (the
// server leaves this script out of the page otherwise). posthog-js's standard snippet loader,
// written out readably: it queues calls until array.js arrives from the tenant's PostHog host.
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag) return;
  var key = tag.dataset.key;
  var host = tag.dataset.host;
  var assetsHost = tag.dataset.assetsHost || host;
  var distinctId = tag.dataset.distinctId;
  var nonce = tag.nonce || tag.getAttribute("nonce") || "";
  if (!key || !host) return;

  var methods = (
    "init capture register register_once register_for_session unregister identify alias " +
    "set_config reset opt_in_capturing opt_out_capturing has_opted_in_capturing " +
    "has_opted_out_capturing get_distinct_id get_property getFeatureFlag isFeatureEnabled " +
    "onFeatureFlags reloadFeatureFlags group setPersonProperties"
  ).split(" ");
  var posthog = window.posthog = window.posthog || [];
  if (posthog.__SV) return;
  posthog._i = [];
  posthog.init = function (apiKey, config, name) {
    var target = posthog;
    if (name !== undefined) { target = posthog[name] = []; } else { name = "posthog"; }
    function stub(object, method) {
      object[method] = function () {
        object.push([method].concat(Array.prototype.slice.call(arguments, 0)));
      };
    }
    for (var i = 0; i < methods.length; i++) stub(target, methods[i]);
    var script = document.createElement("script");
    script.type = "text/javascript";
    script.async = true;
    script.crossOrigin = "anonymous";
    if (nonce) script.nonce = nonce;
    script.src = assetsHost + "/static/array.js";
    document.head.appendChild(script);
    posthog._i.push([apiKey, config, name]);
  };
  posthog.__SV = 1;

  posthog.init(key, {
    api_host: host,
    person_profiles: "identified_only",
    // Cookie only (no localStorage): withdrawing consent expires it from the server side.
    persistence: "cookie",
    disable_session_recording: true,
    mask_all_text: true,
    prepare_external_dependency_script: function (script) { if (nonce) script.nonce = nonce; return script; },
  });
  if (distinctId) posthog.identify(distinctId);
})();
