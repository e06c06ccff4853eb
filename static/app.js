// Keyboard-driven review: every action of a row can be done without a mouse.
// Saving itself is htmx (the row form posts and the server re-renders the row). What this
// file adds: nothing typed is lost (drafts in localStorage until the server has them, errors
// shown on their row with a retry, an in-place login, a warning before leaving), moving
// through the work by key, and the panel of the focused segment.
(function () {
  "use strict";

  var UNCONFIRMED = ["new", "machine-translated", "draft", "needs-work"];
  var DRAFT_KEY = "workbench:draft:";

  function rows() { return Array.from(document.querySelectorAll("article.seg")); }
  function rowOf(el) { return el && el.closest && el.closest("article.seg"); }
  function editor(row) { return row && row.querySelector("textarea[name=target]"); }
  function byId(id) { return document.getElementById("seg-" + id); }
  function page() { return document.querySelector(".docpage"); }
  function dirty(ta) { return ta && ta.value !== ta.dataset.saved; }

  function focusRow(row, how) {
    var ta = editor(row);
    if (!ta) return;
    ta.focus({ preventScroll: true });
    ta.scrollIntoView({ block: how || "center" });
  }

  function neighbour(row, step) {
    var all = rows();
    var i = all.indexOf(row);
    return all[i + step] || null;
  }

  // --- what the reviewer typed survives a failed save, a lost session, a reload -------------
  function storeDraft(ta) {
    var row = rowOf(ta);
    if (!row) return;
    var key = DRAFT_KEY + row.dataset.segment;
    try {
      if (dirty(ta)) {
        localStorage.setItem(key, JSON.stringify({ text: ta.value, version: ta.dataset.version, at: Date.now() }));
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) { /* storage full or disabled: the editor still holds the text */ }
  }
  function readDraft(id) {
    try { return JSON.parse(localStorage.getItem(DRAFT_KEY + id) || "null"); } catch (e) { return null; }
  }
  function dropDraft(id) { try { localStorage.removeItem(DRAFT_KEY + id); } catch (e) { /* ignore */ } }

  // A row (freshly loaded or re-rendered) takes back the text this browser still holds for it.
  function restoreDrafts(root) {
    var found = root.matches && root.matches("article.seg") ? [root] : Array.from(root.querySelectorAll ? root.querySelectorAll("article.seg") : []);
    found.forEach(function (row) {
      var ta = editor(row);
      var draft = readDraft(row.dataset.segment);
      if (!ta || !draft) return;
      if (draft.text.trim() === ta.dataset.saved.trim()) { dropDraft(row.dataset.segment); return; }
      if (ta.value !== draft.text) {
        ta.value = draft.text;
        say(row, "Unsaved text restored from this browser: Ctrl+Enter or Save stores it.");
      }
    });
  }

  function say(row, text) {
    var box = row.querySelector(".row-status");
    if (box) box.textContent = text;
  }

  // Show a failed request on its row, inside the viewport, with the reason and a retry.
  function rowError(row, message, action) {
    var box = row.querySelector(".row-alert.client");
    if (!box) {
      var ta = editor(row);
      box = document.createElement("div");
      box.className = "row-alert client error-box";
      box.setAttribute("role", "alert");
      ta.parentNode.insertBefore(box, ta);
    }
    box.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = "Not saved: ";
    box.appendChild(strong);
    box.appendChild(document.createTextNode(message + " "));
    if (action) {
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "small retry";
      retry.dataset.action = action;
      retry.textContent = "Retry";
      box.appendChild(retry);
    }
    row.classList.add("failed");
    var r = row.getBoundingClientRect();
    if (r.top < 60 || r.bottom > window.innerHeight) row.scrollIntoView({ block: "center" });
  }

  function submit(row, action) {
    var form = row.querySelector("form.en");
    form.querySelector("input[name=action]").value = action;
    row.dataset.pendingAction = action;
    storeDraft(editor(row));
    htmx.trigger(form, "submit");
  }

  // --- moving through the work ---------------------------------------------------------------
  function goToSegment(id, position) {
    var row = byId(id);
    if (row) { focusRow(row); return; }
    // not loaded yet: open the page from its paragraph; the hash focuses it on load
    var base = page().dataset.reviewPage;
    location.href = base + (base.indexOf("?") < 0 ? "?" : "&") + "from=" + position + "#seg-" + id;
  }

  function goNext(kind, fromRow) {
    var all = rows();
    var start = fromRow ? all.indexOf(fromRow) + 1 : 0;
    for (var i = start; i < all.length; i++) {
      if (matches(all[i], kind)) { focusRow(all[i]); return; }
    }
    // none among the loaded rows: ask the server (the rest of the document, same filters)
    var url = page().dataset.reviewNext;
    url += (url.indexOf("?") < 0 ? "?" : "&") + "kind=" + kind;
    var last = fromRow && all.length ? all[all.length - 1] : null;
    if (last) url += "&after=" + last.dataset.segment;
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.segment) goToSegment(data.segment, data.position);
        else if (fromRow) say(fromRow, data.message);
      })
      .catch(function () { if (fromRow) say(fromRow, "The server cannot be reached."); });
  }

  function matches(row, kind) {
    var status = row.dataset.status;
    if (kind === "untranslated") return row.classList.contains("untranslated");
    if (kind === "qa") return !!row.querySelector("details.issue");
    return UNCONFIRMED.indexOf(status) >= 0;
  }

  // After a save re-renders a row: move on to the next segment that still needs work, or
  // stay where something must be resolved (conflict, refusal, question).
  var advanceFrom = null;
  document.addEventListener("htmx:afterSwap", function (ev) {
    var xhr = ev.detail.xhr;
    if (!xhr) return;
    var m = /\/segments\/(\d+)$/.exec(ev.detail.requestConfig ? ev.detail.requestConfig.path : "");
    var row = m ? byId(m[1]) : null;
    if (!row) return;
    if (xhr.status === 200) {
      dropDraft(m[1]);
      delete row.dataset.pendingAction;
      refreshPanel(row);
    } else {
      storeDraft(editor(row));
    }
    if (advanceFrom !== m[1]) return;
    advanceFrom = null;
    if (xhr.status !== 200) { focusRow(row); return; }  // the reviewer has to resolve something here
    goNext("unconfirmed", row);
  });

  // --- errors: on their row, with a retry; a lost session logs in in place -------------------
  var waitingForLogin = [];

  function requestRow(ev) {
    var elt = ev.detail.elt;
    var row = rowOf(elt);
    return row && elt.matches && elt.matches("form.en") ? row : null;
  }

  function reasonOf(xhr) {
    var text = (xhr.responseText || "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
    return text.slice(0, 300) || "no answer";
  }

  document.addEventListener("htmx:beforeSwap", function (ev) {
    var xhr = ev.detail.xhr;
    // beforeSwap fires on the target (the row); the element that asked is in requestConfig
    var source = (ev.detail.requestConfig && ev.detail.requestConfig.elt) || ev.detail.elt;
    if (xhr.status === 403 && /<article class="seg/.test(xhr.responseText)) {
      ev.detail.shouldSwap = true;  // a refusal re-renders the row with its reason
      ev.detail.isError = false;
    } else if (xhr.status === 401 && source.closest && source.closest("#login-dialog")) {
      ev.detail.shouldSwap = true;  // wrong password: the dialog's form says so
      ev.detail.isError = false;
    } else if (xhr.status === 401) {
      ev.detail.shouldSwap = false;
      ev.detail.isError = false;
      sessionLost(source);
    }
  });

  function sessionLost(elt) {
    var row = rowOf(elt);
    if (row && elt.matches("form.en")) {
      rowError(row, "you are logged out. Your text is kept in this browser; it is saved once you log in.", row.dataset.pendingAction || "save");
      if (waitingForLogin.indexOf(row.dataset.segment) < 0) waitingForLogin.push(row.dataset.segment);
    } else if (elt.matches && elt.matches(".more")) {
      elt.dataset.retryAfterLogin = "1";
    }
    if (advanceFrom) advanceFrom = null;
    openLogin();
  }

  function openLogin() {
    var dialog = document.getElementById("login-dialog");
    if (!dialog) { location.reload(); return; }
    if (dialog.open) return;
    var slot = dialog.querySelector(".login-slot");
    dialog.showModal();
    fetch(slot.dataset.url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        slot.innerHTML = html;
        htmx.process(slot);
        var name = slot.querySelector("input[name=username]");
        if (name) name.focus();
      })
      .catch(function () { slot.textContent = "The server cannot be reached; try again in a moment."; });
  }

  document.addEventListener("workbench:loggedIn", function (ev) {
    var token = ev.detail.csrf;
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
    document.querySelectorAll("input[name=csrf_token]").forEach(function (i) { i.value = token; });
    var dialog = document.getElementById("login-dialog");
    if (dialog && dialog.open) dialog.close();
    var again = waitingForLogin;
    waitingForLogin = [];
    again.forEach(function (id) {
      var row = byId(id);
      if (row) submit(row, row.dataset.pendingAction || "save");
    });
    document.querySelectorAll(".more[data-retry-after-login]").forEach(function (more) {
      delete more.dataset.retryAfterLogin;
      htmx.ajax("GET", more.getAttribute("hx-get"), { source: more, target: more, swap: "outerHTML" });
    });
  });

  document.addEventListener("htmx:responseError", function (ev) {
    var row = requestRow(ev);
    var xhr = ev.detail.xhr;
    if (advanceFrom) advanceFrom = null;
    if (row) {
      rowError(row, "the server answered " + xhr.status + ": " + reasonOf(xhr), row.dataset.pendingAction || "save");
      return;
    }
    var box = document.getElementById("htmx-error");
    box.textContent = "Request failed (" + xhr.status + "): " + reasonOf(xhr);
    box.hidden = false;
  });
  document.addEventListener("htmx:sendError", function (ev) {
    var row = requestRow(ev);
    if (advanceFrom) advanceFrom = null;
    if (row) {
      rowError(row, "the server cannot be reached. Your text is kept in this browser.", row.dataset.pendingAction || "save");
      return;
    }
    var box = document.getElementById("htmx-error");
    box.textContent = "The server cannot be reached; your text is still in the editor.";
    box.hidden = false;
  });

  // Leaving (reload, a link, closing the tab) with text the server does not have yet.
  window.addEventListener("beforeunload", function (ev) {
    var unsaved = rows().some(function (row) { return dirty(editor(row)); });
    if (!unsaved) return;
    rows().forEach(function (row) { storeDraft(editor(row)); });
    ev.preventDefault();
    ev.returnValue = "";
  });

  // --- the Chinese by keyboard: Alt+Z focuses it, arrows move, Shift+arrows select ------------
  function zhPoint(zh, offset) {
    var walker = document.createTreeWalker(zh, NodeFilter.SHOW_TEXT);
    var node, left = offset;
    while ((node = walker.nextNode())) {
      if (left <= node.length) return [node, left];
      left -= node.length;
    }
    return [zh, zh.childNodes.length];
  }
  function selectZh(zh, anchor, focus) {
    var len = Number(zh.dataset.length);
    anchor = Math.max(0, Math.min(len, anchor));
    focus = Math.max(0, Math.min(len, focus));
    zh.dataset.anchor = anchor;
    zh.dataset.focus = focus;
    var a = zhPoint(zh, anchor), f = zhPoint(zh, focus);
    window.getSelection().setBaseAndExtent(a[0], a[1], f[0], f[1]);
    var split = rowOf(zh).querySelector(".split input[name=at]");
    if (split && focus > 0 && focus < len) split.value = Math.min(anchor, focus) || focus;
  }
  function zhKeys(ev, zh) {
    var anchor = Number(zh.dataset.anchor || 0), focus = Number(zh.dataset.focus || 0);
    var step = { ArrowRight: 1, ArrowLeft: -1 }[ev.key];
    if (step) {
      ev.preventDefault();
      if (ev.shiftKey) selectZh(zh, anchor, focus + step);
      else selectZh(zh, focus + step, focus + step);
      return true;
    }
    if (ev.key === "Home" || ev.key === "End") {
      ev.preventDefault();
      var to = ev.key === "Home" ? 0 : Number(zh.dataset.length);
      selectZh(zh, ev.shiftKey ? anchor : to, to);
      return true;
    }
    if (ev.key === "Escape" || ev.key === "Enter") {
      ev.preventDefault();
      focusRow(rowOf(zh), "nearest");
      return true;
    }
    return false;
  }

  // --- the panel of the focused segment --------------------------------------------------------
  var panelFor = null, panelTimer = null;
  function loadPanel(row) {
    var panel = document.getElementById("focus-panel");
    if (!panel || !row || !row.dataset.panelUrl) return;
    panelFor = row.dataset.segment;
    htmx.ajax("GET", row.dataset.panelUrl, { target: panel, swap: "innerHTML", source: panel });
  }
  function refreshPanel(row) { if (panelFor === row.dataset.segment) loadPanel(row); }
  document.addEventListener("focusin", function (ev) {
    var row = rowOf(ev.target);
    if (!row || row.dataset.segment === panelFor) return;
    clearTimeout(panelTimer);
    panelTimer = setTimeout(function () { loadPanel(row); }, 120);
  });

  function insertSuggestion(key) {
    var button = document.querySelector('#focus-panel .suggestion[data-key="' + key + '"]');
    var row = panelFor && byId(panelFor);
    var ta = editor(row);
    if (!button || !ta) return false;
    if (button.dataset.mode === "replace") {
      ta.value = button.dataset.text;
    } else {
      var text = button.dataset.text;
      var before = ta.value.slice(0, ta.selectionStart);
      if (before && !/\s$/.test(before)) text = " " + text;
      ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, "end");
    }
    ta.focus();
    ta.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  // --- keys ---------------------------------------------------------------------------------
  function typing(el) { return el && el.matches && el.matches("input, textarea, select, [contenteditable]"); }

  document.addEventListener("keydown", function (ev) {
    var ta = ev.target.closest && ev.target.closest("textarea[name=target]");
    var row = rowOf(ev.target);
    var zh = ev.target.closest && ev.target.closest(".zh");
    if (zh && !ev.altKey && !ev.ctrlKey && zhKeys(ev, zh)) return;
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && /^Digit[1-9]$/.test(ev.code)) {
      if (insertSuggestion(ev.code.slice(5))) ev.preventDefault();
      return;
    }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && (ev.code === "KeyN" || ev.code === "KeyQ" || ev.code === "KeyU")) {
      if (!page()) return;
      ev.preventDefault();
      goNext({ KeyN: "untranslated", KeyQ: "qa", KeyU: "unconfirmed" }[ev.code], row);
      return;
    }
    if (ev.key === "?" && !typing(ev.target) && document.getElementById("keys-dialog")) {
      ev.preventDefault();
      document.getElementById("keys-dialog").showModal();
      return;
    }
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
    } else if (ev.altKey && ev.code === "KeyZ") {
      ev.preventDefault();
      var cell = row.querySelector(".zh");
      cell.focus();
      selectZh(cell, 0, 0);
    } else if (ta && (ev.ctrlKey || ev.metaKey) && (ev.key === "m" || ev.key === "M")) {
      var mt = row.querySelector(".insert-mt");
      if (mt) { ev.preventDefault(); ta.value = mt.dataset.text; storeDraft(ta); }
    } else if (ev.key === "Escape" && row.querySelector(".panel:not(:empty)") && !ev.target.closest(".tagform")) {
      ev.preventDefault();  // Esc closes the row's history (or other) panel first
      row.querySelector(".panel").innerHTML = "";
      focusRow(row, "nearest");
    } else if (ta && ev.key === "Escape") {
      ta.value = ta.dataset.saved;
      storeDraft(ta);
    }
  });

  document.addEventListener("input", function (ev) {
    if (ev.target.matches && ev.target.matches("textarea[name=target]")) {
      delete ev.target.dataset.submitted;
      storeDraft(ev.target);
    }
  });

  // Save on blur when the text changed (not when Ctrl+Enter already submitted it).
  document.addEventListener("focusout", function (ev) {
    var ta = ev.target;
    if (!ta.matches || !ta.matches("textarea[name=target]")) return;
    if (ta.dataset.submitted) return;
    if (!dirty(ta)) return;
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
    var t = ev.target.closest ? ev.target.closest("button, a") : null;
    if (!t) return;
    if (t.matches(".use-theirs, .insert-mt")) {
      var ta = editor(rowOf(t));
      ta.value = t.dataset.text;
      storeDraft(ta);
      ta.focus();
    } else if (t.matches(".close-panel")) {
      var row = rowOf(t);
      t.closest(".panel").innerHTML = "";
      if (row) focusRow(row, "nearest");
    } else if (t.matches(".retry")) {
      submit(rowOf(t), t.dataset.action || "save");
    } else if (t.matches(".approve-anyway")) {
      advanceFrom = rowOf(t).dataset.segment;
      submit(rowOf(t), "approve");
    } else if (t.matches("#focus-panel .suggestion")) {
      insertSuggestion(t.dataset.key);
    } else if (t.matches(".show-keys")) {
      document.getElementById("keys-dialog").showModal();
    } else if (t.matches(".toggle-sidebar")) {
      var open = document.body.classList.toggle("sidebar-open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
    } else if (t.matches(".toggle-panel")) {
      var shown = document.body.classList.toggle("panel-open");
      t.setAttribute("aria-expanded", shown ? "true" : "false");
    } else if (t.matches("[data-skip-to-work]")) {
      ev.preventDefault();
      goNext("unconfirmed", null);
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

  // 503 = the database was busy and nothing was written: the editor keeps the text (no swap;
  // the row says why, above) and the row's save is sent again after Retry-After, a few times,
  // then left to the reviewer's Retry.
  var busyRetries = new WeakMap();
  var MAX_BUSY_RETRIES = 5;
  document.addEventListener("htmx:responseError", function (ev) {
    var xhr = ev.detail.xhr;
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("article.seg form.en");
    if (xhr.status !== 503 || !form) return;
    var tries = (busyRetries.get(form) || 0) + 1;
    if (tries > MAX_BUSY_RETRIES) { busyRetries.delete(form); return; }
    busyRetries.set(form, tries);
    var wait = Number(xhr.getResponseHeader("Retry-After")) || 2;
    setTimeout(function () { if (form.isConnected) htmx.trigger(form, "submit"); }, wait * 1000);
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest("article.seg form.en");
    if (form && ev.detail.successful) busyRetries.delete(form);
  });

  // --- live numbering, highlights, search hits ------------------------------------------------
  // After a split, merge or undo the paragraph says how many rows it gained: renumber below.
  document.addEventListener("htmx:afterSettle", function (ev) {
    var para = ev.detail.elt && ev.detail.elt.closest && ev.detail.elt.closest(".para[data-shift]");
    if (!para || !para.isConnected) return;
    var shift = Number(para.dataset.shift);
    para.removeAttribute("data-shift");
    var after = false;
    rows().forEach(function (row) {
      if (para.contains(row)) { after = true; return; }
      if (!after) return;
      var n = Number(row.dataset.number) + shift;
      row.dataset.number = n;
      var num = row.querySelector(".segnum");
      if (num) num.textContent = n;
    });
  });

  // A term tagged in one row is highlighted in the other loaded rows that contain it.
  document.addEventListener("htmx:afterSettle", function (ev) {
    var tagged = ev.detail.elt && ev.detail.elt.querySelector && ev.detail.elt.querySelector("[data-tagged]");
    if (!tagged) return;
    var source = tagged.dataset.tagged;
    var from = rowOf(tagged);
    refreshRows(rows().filter(function (row) {
      var zh = row.querySelector(".zh");
      return row !== from && zh && zh.textContent.indexOf(source) >= 0;
    }));
  });

  // Rows a batch changed are re-rendered (unless the reviewer is typing in them).
  document.addEventListener("htmx:afterSettle", function (ev) {
    var done = ev.detail.elt && ev.detail.elt.querySelector && ev.detail.elt.querySelector(".batch-done[data-segments]");
    if (!done) return;
    refreshRows(done.dataset.segments.split(" ").map(byId).filter(Boolean));
  });

  // An MT job that finished while the page was open: its rows show the new MT at once.
  var mtRunning = false;
  document.addEventListener("htmx:afterSettle", function () {
    var job = document.querySelector("#mt-panel .mt-job[data-state]");
    var state = job ? job.dataset.state : "";
    if (state === "queued" || state === "running") { mtRunning = true; return; }
    if (mtRunning && state === "finished") refreshRows(rows());
    mtRunning = false;
  });

  // Rows as stored now, in one request (live.rows, at most 200), each swapped in place;
  // never a row being edited.
  function refreshRows(list) {
    var ids = list.filter(function (row) { return !dirty(editor(row)); })
      .map(function (row) { return row.dataset.segment; });
    if (!ids.length || !page()) return;
    var url = page().dataset.rowsUrl + "?ids=" + ids.slice(0, 200).join(",");  // views/live.py
    htmx.ajax("GET", url, { target: "#rows", swap: "none", source: document.getElementById("rows") });
  }

  function highlightHits(root) {
    var box = document.querySelector("input[data-hits]");
    var q = box && box.dataset.hits.trim();
    if (!q || !window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    var hl = CSS.highlights.get("search-hit") || new Highlight();
    var needle = q.toLowerCase();
    (root.querySelectorAll ? root : document).querySelectorAll("article.seg .zh, article.seg .mt-text").forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node;
      while ((node = walker.nextNode())) {
        var text = node.data.toLowerCase(), at = text.indexOf(needle);
        while (at >= 0) {
          var r = new Range();
          r.setStart(node, at);
          r.setEnd(node, at + needle.length);
          hl.add(r);
          at = text.indexOf(needle, at + needle.length);
        }
      }
    });
    (root.querySelectorAll ? root : document).querySelectorAll("article.seg textarea[name=target]").forEach(function (ta) {
      ta.classList.toggle("hit", ta.value.toLowerCase().indexOf(needle) >= 0);
    });
    CSS.highlights.set("search-hit", hl);
  }

  // Every new piece of page (first load, lazy pages, re-rendered rows).
  function prepare(root) {
    restoreDrafts(root);
    highlightHits(root);
  }
  document.addEventListener("htmx:load", function (ev) { prepare(ev.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () {
    prepare(document);
    var m = /^#seg-(\d+)$/.exec(location.hash);
    if (m && byId(m[1])) focusRow(byId(m[1]));
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
  function selectionRow() {
    var sel = window.getSelection();
    var node = sel && sel.rangeCount && !sel.isCollapsed ? sel.anchorNode : null;
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el && el.closest(".zh") ? el.closest("article.seg") : null;
  }

  document.addEventListener("keydown", function (ev) {
    // after selecting with the mouse the focus is on the page: the selection names the row
    var row = (ev.target.closest && ev.target.closest("article.seg")) || selectionRow();
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

// Plain forms that ask first (data-confirm): the CSP allows no inline onsubmit handlers.
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) ev.preventDefault();
});
