/* Job tracker board: drag and drop, keyboard moves, announcements. Moves are POSTed with htmx
   and the server answers with the re-rendered board (no full reload). Without JS the "Move"
   menus are plain forms. Loaded as a static file (CSP: no inline scripts). */
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
    var url = handle.getAttribute("data-move-url");
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
    var url = dragged.querySelector("[data-move-handle]").getAttribute("data-move-url");
    clearMarker();
    move(url, column.getAttribute("data-column"), below ? below.getAttribute("data-id") : "");
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
