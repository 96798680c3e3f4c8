/* App shell behaviour. Loaded as a static file (CSP: no inline scripts). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function closeUserMenus(except) {
    document.querySelectorAll("details[data-usermenu][open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  function setNav(toggle, open) {
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) return;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        setNav(toggle, toggle.getAttribute("aria-expanded") !== "true");
      });
    }

    document.addEventListener("click", function (event) {
      var menu = event.target.closest("details[data-usermenu]");
      closeUserMenus(menu);
      // A tap outside the open mobile menu closes it, as it would in a native app.
      if (toggle && toggle.getAttribute("aria-expanded") === "true" &&
          !event.target.closest("#" + toggle.getAttribute("aria-controls")) &&
          !toggle.contains(event.target)) {
        setNav(toggle, false);
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.querySelector("details[data-usermenu][open]");
      if (open) {
        open.removeAttribute("open");
        open.querySelector("summary").focus();
      }
      if (toggle && toggle.getAttribute("aria-expanded") === "true") {
        setNav(toggle, false);
        toggle.focus();
      }
    });
  });
})();
