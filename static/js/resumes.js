/* CV upload: drag and drop onto the upload zone, and a busy state while the file is checked.
   Progressive enhancement: without this file the plain file input and submit button work. */
(function () {
  "use strict";

  function init(form) {
    var zone = form.querySelector("[data-dropzone]");
    var input = form.querySelector("[data-dropzone-input]");
    var chosen = form.querySelector("[data-dropzone-chosen]");
    var submit = form.querySelector("[data-upload-submit]");
    var busy = form.querySelector("[data-upload-busy]");
    if (!zone || !input) return;

    function showChosen() {
      if (!chosen) return;
      chosen.textContent = input.files && input.files.length ? input.files[0].name : "";
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "dragend", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        if (type === "dragleave" && zone.contains(event.relatedTarget)) return;
        zone.classList.remove("is-dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      input.files = files;
      showChosen();
      form.requestSubmit ? form.requestSubmit(submit || undefined) : form.submit();
    });
    input.addEventListener("change", showChosen);

    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length) {
        event.preventDefault();
        input.focus();
        input.click();
        return;
      }
      if (submit) submit.disabled = true;
      if (busy) busy.hidden = false;
    });
    // Back/forward cache: a restored page must not keep the disabled button.
    window.addEventListener("pageshow", function () {
      if (submit) submit.disabled = false;
      if (busy) busy.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload-form]").forEach(init);
  });
})();
