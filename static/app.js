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

  // 503 = the database was busy and nothing was written: the editor keeps the text (no swap)
  // and a row's save is sent again after Retry-After, a few times, then left to the reviewer.
  var busyRetries = new WeakMap();
  var MAX_BUSY_RETRIES = 5;
  document.addEventListener("htmx:responseError", function (ev) {
    var xhr = ev.detail.xhr;
    var box = document.getElementById("htmx-error");
    box.textContent = "Request failed (" + xhr.status + "): " +
      (xhr.responseText.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300) || "no answer");
    box.hidden = false;
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("article.seg form.en");
    if (xhr.status !== 503 || !form) return;
    var tries = (busyRetries.get(form) || 0) + 1;
    if (tries > MAX_BUSY_RETRIES) { busyRetries.delete(form); return; }
    busyRetries.set(form, tries);
    var wait = Number(xhr.getResponseHeader("Retry-After")) || 2;
    setTimeout(function () { htmx.trigger(form, "submit"); }, wait * 1000);
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("article.seg form.en");
    if (form && ev.detail.successful) {
      busyRetries.delete(form);
      document.getElementById("htmx-error").hidden = true;
    }
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error");
    box.textContent = "The server cannot be reached; your text is still in the editor.";
    box.hidden = false;
  });
})();

// --- glossary: tag a term from the review page (issue 3) -------------------------------
// "Tag term" (button or Alt+T in a row) takes the text selected in that row's Chinese, or the
// focused term highlight, and asks the server for the in-place tag form (into the row's panel).
(function () {
  "use strict";

  var lastSelection = { segment: null, text: "" };

  function zhSelection(row) {
    var sel = window.getSelection();
    var zh = row.querySelector(".zh");
    if (!sel || !sel.rangeCount || sel.isCollapsed || !zh) return "";
    if (!zh.contains(sel.anchorNode) || !zh.contains(sel.focusNode)) return "";
    return sel.toString();
  }

  // Clicking the button can collapse the selection first in some browsers: remember it.
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;
    var node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    var zh = node && node.closest(".zh");
    var row = zh && zh.closest("article.seg");
    if (row) lastSelection = { segment: row.dataset.segment, text: zhSelection(row) };
  });

  function openTagForm(row) {
    var button = row.querySelector(".tag-term");
    if (!button) return;
    var text = zhSelection(row);
    if (!text && lastSelection.segment === row.dataset.segment) text = lastSelection.text;
    var focused = document.activeElement;
    if (!text && focused && focused.matches("mark.term") && row.contains(focused)) text = focused.textContent;
    text = text.replace(/\s+/g, " ").trim();
    var url = button.dataset.url + "?segment=" + encodeURIComponent(row.dataset.segment) +
      "&text=" + encodeURIComponent(text);
    htmx.ajax("GET", url, { target: "#panel-" + row.dataset.segment, swap: "innerHTML" }).then(function () {
      // Prefilled with the selection: start at the rendering (or at the term when nothing was selected).
      var panel = document.getElementById("panel-" + row.dataset.segment);
      var field = panel && panel.querySelector(text ? "input[name=target]" : "input[name=source]");
      if (field) field.focus();
    });
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".tag-term");
    if (button) openTagForm(button.closest("article.seg"));
  });

  // Alt+T (Ctrl+T belongs to the browser: new tab) anywhere in a row; Esc closes the form.
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest && ev.target.closest("article.seg");
    if (!row) return;
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && (ev.key === "t" || ev.key === "T" || ev.code === "KeyT")) {
      ev.preventDefault();
      openTagForm(row);
    } else if (ev.key === "Escape" && ev.target.closest(".tagform")) {
      var panel = ev.target.closest(".panel");
      panel.innerHTML = "";
      var ta = row.querySelector("textarea[name=target]");
      if (ta) ta.focus();
    }
  });
})();
// --- end glossary ------------------------------------------------------------------------

/* --- mt ------------------------------------------------------------------------------------ */
// "Translate again" answers with the new MT and its alternatives: the row's MT line (and so
// Ctrl+M) now offers the newest MT, which is what the save recognises as an inserted MT.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (ev) {
    var choices = ev.target.querySelector && ev.target.querySelector(".mt-choices[data-mt-text]");
    if (!choices) return;
    var row = choices.closest("article.seg");
    var line = row && row.querySelector(".mt");
    if (!line) return;
    var text = choices.dataset.mtText;
    var shown = line.querySelector(".mt-text");
    var button = line.querySelector(".insert-mt");
    if (shown) shown.textContent = text;
    if (button) button.dataset.text = text;
  });
})();
/* --- end mt -------------------------------------------------------------------------------- */

/* --- tm ------------------------------------------------------------------------------------ */
// The focused row's memory matches load when its editor gets the focus; Ctrl+1..3 (or
// Alt+1..3, where the browser keeps Ctrl+digit for its tabs) inserts match 1..3.
(function () {
  "use strict";
  document.addEventListener("focusin", function (ev) {
    if (!ev.target.matches || !ev.target.matches("article.seg textarea[name=target]")) return;
    var box = ev.target.closest("article.seg").querySelector(".tm-matches");
    if (!box || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    // its own source element: htmx queues requests per source (the body by default), and a
    // queued request of another feature (Alt+T's tag form) would resolve before its content
    htmx.ajax("GET", box.dataset.url, { source: box, target: box, swap: "innerHTML" });
  });

  function insert(row, button) {
    var ta = row.querySelector("textarea[name=target]");
    ta.value = button.dataset.text;
    ta.focus();
  }

  document.addEventListener("keydown", function (ev) {
    var ta = ev.target.closest && ev.target.closest("textarea[name=target]");
    if (!ta || !(ev.ctrlKey || ev.altKey) || ev.shiftKey || ev.metaKey) return;
    var n = ev.key >= "1" && ev.key <= "3" ? ev.key : (ev.code || "").replace("Digit", "");
    if (!/^[1-3]$/.test(n)) return;
    var row = ta.closest("article.seg");
    var button = row.querySelector('.tm-insert[data-n="' + n + '"]');
    if (!button) return;
    ev.preventDefault();
    insert(row, button);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".tm-insert");
    if (button) insert(button.closest("article.seg"), button);
  });
})();
/* --- end tm -------------------------------------------------------------------------------- */
