/* Item editor (assessments/bank/item_form.html): shows the inputs the chosen item type
   uses — one key radio for single choice and true/false, key checkboxes for multiple
   response, points 1–5 for graded options — and fixes the two true/false options to
   "Benar"/"Salah". Without JavaScript every input stays visible and the server reads
   only those the type needs. No inline script: CSP is script-src 'self'. */
(function () {
  "use strict";

  function showFor(form, kind) {
    form.querySelectorAll("[data-show-for]").forEach(function (element) {
      var kinds = element.getAttribute("data-show-for").split(" ");
      element.hidden = kinds.indexOf(kind) === -1;
    });
  }

  function fixTrueFalse(form, trueFalse) {
    var fixedTexts = [form.dataset.trueText, form.dataset.falseText];
    form.querySelectorAll("[data-option-row]").forEach(function (row) {
      var index = Number(row.getAttribute("data-option-row"));
      var text = row.querySelector("textarea");
      if (trueFalse) {
        row.hidden = index > 1;
        if (index < 2 && text && !text.readOnly) {
          text.dataset.typed = text.value;
          text.value = fixedTexts[index];
          text.readOnly = true;
        }
      } else {
        row.hidden = false;
        if (text && text.readOnly) {
          text.readOnly = false;
          text.value = text.dataset.typed || "";
        }
      }
    });
  }

  function update(form) {
    var select = form.querySelector("[name=item_type]");
    if (!select) {
      return;
    }
    showFor(form, select.value);
    fixTrueFalse(form, select.value === "true_false");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-item-editor]").forEach(function (form) {
      var select = form.querySelector("[name=item_type]");
      if (select) {
        select.addEventListener("change", function () {
          update(form);
        });
      }
      update(form);
    });
  });
})();
