// Keyboard-driven review: every action of a row can be done without a mouse.
// Saving itself is htmx (the row form posts and the server re-renders the row).
(function () {
  "use strict";

  function rows() { return Array.from(document.querySelectorAll("article.seg")); }
  function rowOf(el) { return el && el.closest("article.seg"); }
  function editor(row) { return row && row.querySelector("textarea[name=target]"); }

  function focusRow(row) {
    var ta = editor(row);
    if (!ta) return;
    ta.focus();
    ta.scrollIntoView({ block: "center" });
  }

  function neighbour(row, step) {
    var all = rows();
    var i = all.indexOf(row);
    return all[i + step] || null;
  }

  function submit(row, action) {
    var form = row.querySelector("form.en");
    form.querySelector("input[name=action]").value = action;
    htmx.trigger(form, "submit");
  }

  // After a save re-renders a row, move on when the save asked for it.
  var advanceFrom = null;
  document.addEventListener("htmx:afterSwap", function (ev) {
    if (advanceFrom === null) return;
    var id = advanceFrom;
    advanceFrom = null;
    var row = document.getElementById("seg-" + id);
    if (!row || row.classList.contains("conflict") || row.querySelector(".error-box")) {
      focusRow(row);  // stay: the reviewer has to resolve something here
      return;
    }
    var next = neighbour(row, 1);
    if (next) focusRow(next);
  });

  document.addEventListener("keydown", function (ev) {
    var ta = ev.target.closest && ev.target.closest("textarea[name=target]");
    var row = rowOf(ev.target);
    if (!row) return;
    if (ta && ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      advanceFrom = row.dataset.segment;
      ta.dataset.submitted = "1";
      submit(row, ev.shiftKey ? "approve" : "confirm");
    } else if (ev.altKey && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
      ev.preventDefault();
      var other = neighbour(row, ev.key === "ArrowDown" ? 1 : -1);
      if (other) focusRow(other);
    } else if (ta && (ev.ctrlKey || ev.metaKey) && (ev.key === "m" || ev.key === "M")) {
      var mt = row.querySelector(".insert-mt");
      if (mt) { ev.preventDefault(); ta.value = mt.dataset.text; }
    } else if (ta && ev.key === "Escape") {
      ta.value = ta.dataset.saved;
    }
  });

  // Save on blur when the text changed (not when Ctrl+Enter already submitted it).
  document.addEventListener("focusout", function (ev) {
    var ta = ev.target;
    if (!ta.matches || !ta.matches("textarea[name=target]")) return;
    if (ta.dataset.submitted) return;
    if (ta.value === ta.dataset.saved) return;
    var row = rowOf(ta);
    // moving focus to this row's own controls (status, buttons) is not leaving the row
    if (ev.relatedTarget && rowOf(ev.relatedTarget) === row) return;
    submit(row, "save");
  });

  document.addEventListener("change", function (ev) {
    if (ev.target.matches && ev.target.matches("article.seg select[name=status]")) {
      submit(rowOf(ev.target), "save");
    }
  });

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t.matches(".use-theirs, .insert-mt")) {
      var ta = editor(rowOf(t));
      ta.value = t.dataset.text;
      ta.focus();
    } else if (t.matches(".close-panel")) {
      t.closest(".panel").innerHTML = "";
    }
  });

  // Clicking a character in the Chinese fills the split position of that row.
  document.addEventListener("mouseup", function (ev) {
    var zh = ev.target.closest && ev.target.closest(".zh");
    if (!zh) return;
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || !zh.contains(sel.anchorNode)) return;
    var r = document.createRange();
    r.setStart(zh, 0);
    r.setEnd(sel.anchorNode, sel.anchorOffset);
    var at = r.toString().length;
    var input = rowOf(zh).querySelector(".split input[name=at]");
    if (input && at > 0 && at < Number(zh.dataset.length)) input.value = at;
  });

  document.addEventListener("htmx:responseError", function (ev) {
    var box = document.getElementById("htmx-error");
    box.textContent = "Request failed (" + ev.detail.xhr.status + "): " +
      (ev.detail.xhr.responseText.replace(/<[^>]+>/g, " ").trim().slice(0, 300) || "no answer");
    box.hidden = false;
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error");
    box.textContent = "The server cannot be reached; your text is still in the editor.";
    box.hidden = false;
  });
})();
