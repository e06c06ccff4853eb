// Alignment editor keys: j/k move between links; the letter keys submit the focused row's
// form of that key (see data-key in templates/align/editor.html); z undoes.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("[data-align-editor] tr[data-link]")); }
  function focusRow(row) { if (row) { row.focus(); row.scrollIntoView({ block: "nearest" }); } }
  document.addEventListener("DOMContentLoaded", function () {
    var all = rows();
    var target = window.location.hash ? document.querySelector(window.location.hash) : null;
    focusRow(target || all[0]);
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var all = rows();
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("tr[data-link]") : null;
    var at = all.indexOf(current);
    if (event.key === "j" || event.key === "k") {
      var next = event.key === "j" ? at + 1 : at - 1;
      focusRow(all[Math.max(0, Math.min(all.length - 1, next))]);
      event.preventDefault();
      return;
    }
    if (event.key === "z") {
      var undo = document.getElementById("align-undo");
      if (undo) { undo.requestSubmit(); event.preventDefault(); }
      return;
    }
    if (!current) return;
    var form = current.querySelector('form[data-key="' + event.key + '"]');
    if (form) { form.requestSubmit(); event.preventDefault(); }
  });
})();
