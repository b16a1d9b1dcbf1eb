// The scheduling assistant's "use this time" button: copy the suggested start/end into the
// session form's inputs and let HTMX re-check (it listens for their change events).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-start]");
    if (!button) return;
    var start = document.getElementById("id_starts_at");
    var end = document.getElementById("id_ends_at");
    if (start) {
      start.value = button.getAttribute("data-use-start");
    }
    if (end && button.getAttribute("data-use-end")) {
      end.value = button.getAttribute("data-use-end");
    }
    if (start) {
      start.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
