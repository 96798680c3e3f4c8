// Cookie banner: "Choose" reveals the per-purpose checkboxes in place (without JavaScript it is
// a link to the cookie settings on the cookie policy page).
(function () {
  "use strict";
  function wire(banner) {
    var choose = banner.querySelector("[data-consent-choose]");
    var choices = banner.querySelector("[data-consent-choices]");
    if (!choose || !choices || choose.dataset.wired) return;
    choose.dataset.wired = "1";
    choose.setAttribute("role", "button");
    choose.addEventListener("click", function (event) {
      event.preventDefault();
      var open = choices.hidden;
      choices.hidden = !open;
      choose.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = choices.querySelector("input:not([disabled])");
        if (first) first.focus();
      }
    });
  }
  function init() {
    document.querySelectorAll("[data-consent-banner]").forEach(wire);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
