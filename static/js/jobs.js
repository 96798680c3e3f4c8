/* Job tracker board: drag and drop, keyboard moves, the shared Move menu, announcements. Moves
   are POSTed with htmx and the server answers with the re-rendered board (no full reload).
   Without JS a card's "Move" is a link to the application's status form. Loaded as a static
   file (CSP: no inline scripts). */
(function () {
  "use strict";

  function board() { return document.getElementById("board"); }

  function move(url, status, before) {
    var values = { status: status };
    if (before) values.before = before;
    var el = board();
    window.htmx.ajax("POST", url, {
      source: el, target: "#board", swap: "outerHTML", values: values,
      headers: { "X-CSRFToken": el.getAttribute("data-csrf") }
    });
  }

  function cardsOf(column) {
    return Array.prototype.slice.call(column.querySelectorAll(":scope > .job-card"));
  }

  function columnOf(card) { return card.closest(".board-col__cards"); }

  function columns() {
    return Array.prototype.slice.call(document.querySelectorAll("#board .board-col__cards"));
  }

  // --- keyboard: arrows on a card's handle -------------------------------------------------
  document.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest("[data-move-handle]");
    if (!handle) return;
    var card = handle.closest(".job-card");
    var column = columnOf(card);
    var all = columns();
    var index = all.indexOf(column);
    var siblings = cardsOf(column);
    var position = siblings.indexOf(card);
    var url = card.getAttribute("data-move-url");
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      var next = all[index + (event.key === "ArrowRight" ? 1 : -1)];
      if (!next) return;
      event.preventDefault();
      var first = cardsOf(next)[0];
      move(url, next.getAttribute("data-column"), first ? first.getAttribute("data-id") : "");
    } else if (event.key === "ArrowUp" && position > 0) {
      event.preventDefault();
      move(url, column.getAttribute("data-column"), siblings[position - 1].getAttribute("data-id"));
    } else if (event.key === "ArrowDown" && position < siblings.length - 1) {
      event.preventDefault();
      var after = siblings[position + 2];
      move(url, column.getAttribute("data-column"), after ? after.getAttribute("data-id") : "");
    }
  });

  // --- drag and drop -----------------------------------------------------------------------
  var dragged = null;
  var marker = null;

  function clearMarker() {
    if (marker && marker.parentNode) marker.parentNode.removeChild(marker);
    document.querySelectorAll(".board-col.is-dragover").forEach(function (c) { c.classList.remove("is-dragover"); });
  }

  function cardBelow(column, y) {
    var cards = cardsOf(column).filter(function (c) { return c !== dragged; });
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return cards[i];
    }
    return null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".job-card");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearMarker();
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var section = event.target.closest && event.target.closest(".board-col");
    if (!section) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var column = section.querySelector(".board-col__cards");
    document.querySelectorAll(".board-col.is-dragover").forEach(function (c) {
      if (c !== section) c.classList.remove("is-dragover");
    });
    section.classList.add("is-dragover");
    if (!marker) { marker = document.createElement("li"); marker.className = "drop-marker"; marker.setAttribute("aria-hidden", "true"); }
    var below = cardBelow(column, event.clientY);
    if (below) column.insertBefore(marker, below); else column.appendChild(marker);
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    var section = event.target.closest && event.target.closest(".board-col");
    if (!section) return;
    event.preventDefault();
    var column = section.querySelector(".board-col__cards");
    var below = cardBelow(column, event.clientY);
    var url = dragged.getAttribute("data-move-url");
    clearMarker();
    move(url, column.getAttribute("data-column"), below ? below.getAttribute("data-id") : "");
  });

  // --- the Move menu: one per board, lent to the card whose button opened it ---------------
  function menu() { return document.getElementById("move-menu"); }

  function menuItems() {
    return Array.prototype.slice.call(menu().querySelectorAll("[data-move-to]")).filter(function (b) { return !b.hidden; });
  }

  function closeMenu(returnFocus) {
    var m = menu();
    if (!m || m.hidden) return;
    var opener = m.parentNode.querySelector("[data-move-open]");
    m.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus();
    }
  }

  function openMenu(opener) {
    var m = menu();
    var card = opener.closest(".job-card");
    if (!m || !card) return;
    closeMenu(false);
    var status = card.getAttribute("data-status");
    m.querySelectorAll("[data-move-to]").forEach(function (b) { b.hidden = b.getAttribute("data-move-to") === status; });
    opener.parentNode.appendChild(m);
    m.setAttribute("data-card", card.getAttribute("data-id"));
    m.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    var first = menuItems()[0];
    if (first) first.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-move-open]");
    if (opener) {
      event.preventDefault();
      if (opener.getAttribute("aria-expanded") === "true") closeMenu(true); else openMenu(opener);
      return;
    }
    var item = event.target.closest && event.target.closest("[data-move-to]");
    if (item) {
      var card = item.closest(".job-card");
      closeMenu(false);
      if (card) move(card.getAttribute("data-move-url"), item.getAttribute("data-move-to"), "");
      return;
    }
    if (!(event.target.closest && event.target.closest("#move-menu"))) closeMenu(false);
  });

  document.addEventListener("keydown", function (event) {
    // The Move link acts as a button: Space opens it too.
    var opener = event.target.closest && event.target.closest("[data-move-open]");
    if (opener && event.key === " ") { event.preventDefault(); openMenu(opener); return; }
    var m = menu();
    if (!m || m.hidden || !m.contains(event.target)) return;
    var items = menuItems();
    var index = items.indexOf(event.target);
    if (event.key === "Escape") { event.preventDefault(); closeMenu(true); }
    else if (event.key === "ArrowDown") { event.preventDefault(); items[(index + 1) % items.length].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); items[(index - 1 + items.length) % items.length].focus(); }
    else if (event.key === "Home") { event.preventDefault(); items[0].focus(); }
    else if (event.key === "End") { event.preventDefault(); items[items.length - 1].focus(); }
    else if (event.key === "Tab") { closeMenu(false); }
  });

  // --- after a move: announce it and keep the keyboard user's focus on the moved card -------
  document.addEventListener("htmx:afterSettle", function (event) {
    var el = board();
    if (!el || event.detail.target.id !== "board") return;
    var live = document.getElementById("board-live");
    var message = el.getAttribute("data-announce");
    if (live && message) { live.textContent = ""; window.setTimeout(function () { live.textContent = message; }, 50); }
    var id = el.getAttribute("data-focus");
    if (id) {
      var handle = el.querySelector('.job-card[data-id="' + id + '"] [data-move-handle]');
      if (handle) { handle.focus(); handle.closest(".job-card").scrollIntoView({ block: "nearest", inline: "nearest" }); }
    }
  });

  document.addEventListener("htmx:beforeSwap", function () { closeMenu(false); });

  document.addEventListener("htmx:responseError", function (event) {
    if (!board()) return;
    var live = document.getElementById("board-live");
    if (live) live.textContent = board().getAttribute("data-error");
  });

  // Select the whole calendar link on focus, ready to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  // Focus the error summary of an invalid form so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  });
})();
