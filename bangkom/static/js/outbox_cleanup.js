/* Clears the exam answer outbox on logout from any page (RELIABILITY.md decision 5).
 *
 * The exam pages keep unsent answers in localStorage ("bangkom.outbox.<attempt>", with
 * "bangkom.flags.*" and "bangkom.position.*"); a shared computer must not keep them after
 * the participant logs out. Meant to be loaded by base.html on every page. On the exam
 * pages exam.js owns the logout (it first tries to send what is unsent), so this script
 * steps aside there.
 */
(function () {
  "use strict";

  var PREFIXES = ["bangkom.outbox.", "bangkom.flags.", "bangkom.position."];

  function clearOutboxes() {
    var store;
    try {
      store = window.localStorage;
    } catch (e) {
      return;
    }
    var doomed = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (PREFIXES.some(function (prefix) { return key.indexOf(prefix) === 0; })) {
        doomed.push(key);
      }
    }
    doomed.forEach(function (key) { store.removeItem(key); });
  }

  var button = document.querySelector('[data-testid="logout"]');
  var form = button && button.form;
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    if (window.bangkomExamOwnsLogout) {
      return;
    }
    clearOutboxes();
  });
})();
