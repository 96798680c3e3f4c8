/* AI coaching: copy a letter as text, and stream the coach's answers (server-sent events).
   No inline scripts (CSP): everything is wired from data attributes. */
(function () {
  "use strict";

  // htmx "settles" the style attribute of elements kept across a swap (same id); Chromium gives
  // form fields an empty style attribute, and re-applying it is an inline style our CSP blocks.
  if (window.htmx) {
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  function copyText(button) {
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (!target) return;
    var text = "value" in target ? target.value : target.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied-label") || "Copied";
      button.setAttribute("data-copied", "true");
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(target, done); });
    } else {
      fallbackCopy(target, done);
    }
  }

  function fallbackCopy(target, done) {
    if (typeof target.select === "function") {
      target.select();
      try { document.execCommand("copy"); } catch (e) { /* the text stays selected */ }
    }
    done();
  }

  function startStream(item) {
    if (item.hasAttribute("data-streaming") || !window.EventSource) return;
    item.setAttribute("data-streaming", "true");
    var text = item.querySelector("[data-stream-text]");
    var source = new EventSource(item.getAttribute("data-stream-url"));
    var finish = function (state) {
      source.close();
      item.classList.remove("coach-msg--pending");
      item.removeAttribute("data-stream-url");
      item.setAttribute("data-stream-state", state);
      var actions = item.querySelector("[data-stream-actions]");
      if (actions && state === "done") actions.hidden = false;
    };
    source.addEventListener("delta", function (event) {
      text.textContent += JSON.parse(event.data).text;
      var list = item.parentElement;
      if (list) list.scrollTop = list.scrollHeight;
    });
    source.addEventListener("done", function () { finish("done"); });
    source.addEventListener("error", function (event) {
      // A server "error" event carries data; a dropped connection does not. Either way we stop:
      // EventSource would otherwise reconnect and the answer is already recorded as failed.
      var error = item.querySelector("[data-stream-error]");
      if (error) error.hidden = false;
      finish("error");
    });
  }

  function startStreams(root) {
    (root || document).querySelectorAll("[data-stream-url]").forEach(startStream);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) copyText(button);
  });

  document.addEventListener("DOMContentLoaded", function () { startStreams(document); });

  document.addEventListener("htmx:afterSwap", function (event) {
    var hint = document.getElementById("coach-hint");
    if (hint && event.detail.target && event.detail.target.id === "coach-messages") hint.remove();
    startStreams(event.detail.target);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-coach-compose") && event.detail.successful) {
      form.reset();
    }
  });

  // htmx does not swap 4xx/5xx responses by default; the coach's problems (quota, restricted)
  // are meant to be shown in the conversation.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "coach-messages" && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    if (target && target.id === "letter-editor" && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
