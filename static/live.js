// Live collaboration on the review page (server side: workbench/views/live.py).
// htmx's SSE extension keeps the stream open (and reopens it); this file decides what an
// event does to the page. The rule that matters: a row whose editor holds unsaved typing is
// never replaced. It gets a notice with the other person's text instead, and the 409 of the
// next save still shows both texts.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var client = root.dataset.client;
  var lastId = 0;
  var present = [];
  var sink = root.querySelector(".live-sink");

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: new URLSearchParams(data),
      headers: { "X-CSRFToken": csrf(), "X-Client-Id": client, "HX-Request": "true" }
    });
  }
  function rowOf(el) { return el && el.closest && el.closest("article.seg"); }
  function editorOf(row) { return row && row.querySelector("textarea[name=target]"); }
  function dirty(row) { var ta = editorOf(row); return !!ta && ta.value !== ta.dataset.saved; }
  function others() { return present.filter(function (p) { return p.client !== client; }); }

  // -- notices inside a row (text only: user text never goes through innerHTML) -----------
  function notice(row, kind) {
    var box = row.querySelector(".live-notice." + kind);
    if (!box) {
      box = document.createElement("div");
      box.className = "live-notice " + kind;
      box.setAttribute("role", "status");
      var form = row.querySelector("form.en");
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = "";
    return box;
  }
  function changedBy(row, p, info) {
    var box = notice(row, "changed");
    var strong = document.createElement("strong");
    strong.textContent = "Changed by " + (p.by || "someone") + " while you were typing.";
    box.appendChild(strong);
    if (info) {
      var theirs = document.createElement("blockquote");
      theirs.className = "theirs";
      theirs.lang = "en";
      theirs.textContent = info.target || "(empty)";
      box.appendChild(theirs);
      var use = document.createElement("button");
      use.type = "button";
      use.className = "link use-theirs";
      use.dataset.text = info.target || "";
      use.textContent = "Use their text";
      box.appendChild(use);
    }
    var keep = document.createElement("span");
    keep.className = "muted small";
    keep.textContent = " Your text is kept; saving shows both texts to merge.";
    box.appendChild(keep);
  }

  // -- rows --------------------------------------------------------------------------------
  function refresh(ids, paragraphs) {
    if (!ids.length && !paragraphs.length) return;
    var focused = rowOf(document.activeElement);
    var url = root.dataset.rowsUrl + "?ids=" + ids.join(",") + "&paragraphs=" + paragraphs.join(",");
    htmx.ajax("GET", url, { target: sink, swap: "none" }).then(function () {
      if (focused && !document.body.contains(focused)) {
        var again = document.getElementById(focused.id);
        var ta = editorOf(again);
        if (ta) ta.focus({ preventScroll: true });
      }
      markRows();
    });
  }
  // The last word before a row is replaced: never over unsaved typing; keep the focus.
  var refocus = null;
  document.addEventListener("htmx:oobBeforeSwap", function (ev) {
    var target = ev.detail.target;
    var rows = target.matches("article.seg") ? [target] : Array.from(target.querySelectorAll("article.seg"));
    if (rows.some(dirty)) { ev.detail.shouldSwap = false; return; }
    if (target.contains(document.activeElement)) refocus = rowOf(document.activeElement).id;
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!refocus) return;
    var ta = editorOf(document.getElementById(refocus));
    refocus = null;
    if (ta && document.activeElement !== ta) ta.focus({ preventScroll: true });
  });
  root.addEventListener("htmx:sseMessage", markRows);

  function onSegments(p) {
    if (p.client === client) return; // this page's own save already re-rendered its row
    var ids = [], paragraphs = [];
    var structural = false;
    p.ids.forEach(function (id) {
      var row = document.getElementById("seg-" + id);
      var info = p.rows && p.rows[id];
      if (!row) { structural = true; return; }
      if (info && info.active === false) { structural = true; return; }
      if (info && Number(row.dataset.version) >= info.version) return; // already shown
      if (dirty(row)) changedBy(row, p, info);
      else if (!info) ids.push(id); // a batch: fetch; small changes come rendered ("rows")
    });
    if (structural) {
      (p.paragraphs || []).forEach(function (pid) {
        var para = document.getElementById("para-" + pid);
        if (para && !Array.from(para.querySelectorAll("article.seg")).some(dirty)) paragraphs.push(pid);
      });
    }
    refresh(ids, paragraphs);
  }

  function onTerms(p) {
    var ids = (p.ids || []).filter(function (id) {
      var row = document.getElementById("seg-" + id);
      return row && !dirty(row);
    });
    for (var i = 0; i < ids.length; i += 200) refresh(ids.slice(i, i + 200), []);
  }

  // A running job's panel reloads itself on this event (hx-trigger="sse:job"); a panel that
  // shows no running job (someone else just started one) is reloaded here.
  function onJob() {
    var panel = document.getElementById("mt-panel");
    if (panel && !panel.hasAttribute("hx-get") && root.dataset.mtPanelUrl) {
      htmx.ajax("GET", root.dataset.mtPanelUrl, { target: "#mt-panel", swap: "outerHTML" });
    }
  }

  function onReset() {
    if (!Array.from(document.querySelectorAll("article.seg")).some(dirty)) {
      window.location.reload();
      return;
    }
    var box = document.getElementById("htmx-error");
    box.textContent = "Many changes were made by others: reload the page once your typing is saved.";
    box.hidden = false;
  }

  // -- presence ----------------------------------------------------------------------------
  function markRows() {
    Array.from(document.querySelectorAll(".who-edits")).forEach(function (el) { el.remove(); });
    others().forEach(function (p) {
      if (!p.segment) return;
      var row = document.getElementById("seg-" + p.segment);
      if (!row) return;
      var mark = document.createElement("span");
      mark.className = "who-edits";
      mark.textContent = p.initials;
      mark.title = p.name + " is editing this segment";
      row.querySelector(".segnum").after(mark);
    });
    var mine = rowOf(document.activeElement);
    if (mine) softLock(mine);
  }

  function softLock(row) {
    var id = Number(row.dataset.segment);
    var editing = others().filter(function (p) { return p.segment === id; });
    var box = row.querySelector(".live-notice.lock");
    if (!editing.length) { if (box) box.remove(); return; }
    box = notice(row, "lock");
    box.textContent = editing.map(function (p) { return p.name; }).join(", ") +
      (editing.length > 1 ? " are" : " is") + " editing this segment too. You can still edit; the later save will show both texts.";
  }

  function onPresence(p) {
    present = p.clients || [];
    var list = document.getElementById("presence");
    if (list) {
      list.textContent = "";
      var seen = {};
      others().forEach(function (o) {
        var key = o.user + ":" + (o.segment || "");
        if (seen[key]) return;
        seen[key] = true;
        var item = document.createElement("span");
        item.className = "present";
        item.dataset.user = o.user;
        var row = o.segment && document.getElementById("seg-" + o.segment);
        var where = row ? " (segment " + row.querySelector(".segnum").textContent.trim() + ")" : "";
        item.textContent = o.name + where;
        list.appendChild(item);
      });
      if (list.childNodes.length) list.insertBefore(document.createTextNode("Also here: "), list.firstChild);
    }
    markRows();
  }

  var reported = null, timer = null;
  function report(segment) {
    if (segment === reported) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      reported = segment;
      post(root.dataset.presenceUrl, { segment: segment || "" });
    }, 150);
  }
  document.addEventListener("focusin", function (ev) {
    var row = rowOf(ev.target);
    if (row && ev.target.matches("textarea[name=target]")) {
      report(Number(row.dataset.segment));
      softLock(row);
    }
  });
  window.addEventListener("pagehide", function () {
    var data = new FormData();
    data.append("csrf_token", csrf());
    data.append("client", client);
    data.append("leave", "1");
    navigator.sendBeacon(root.dataset.presenceUrl, data);
  });

  // -- the stream --------------------------------------------------------------------------
  var handlers = { segments: onSegments, presence: onPresence, terms: onTerms, job: onJob, reset: onReset, hello: function () {} };
  root.addEventListener("htmx:sseOpen", function (ev) {
    var source = ev.detail.source;
    if (source.workbenchBound) return;
    source.workbenchBound = true;
    Object.keys(handlers).forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        if (e.lastEventId) {
          lastId = Math.max(lastId, Number(e.lastEventId));
          // if the extension has to open a new stream, it starts after what we have seen
          root.setAttribute("sse-connect", root.dataset.stream + "&after=" + lastId);
        }
        handlers[kind](JSON.parse(e.data));
      });
    });
  });

  // -- "next to do": a segment handed to this reviewer alone --------------------------------
  function nextToDo() {
    var row = rowOf(document.activeElement);
    post(root.dataset.nextUrl, { after: row ? row.dataset.segment : "" })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (!answer.segment) {
          var box = document.getElementById("htmx-error");
          box.textContent = answer.message;
          box.hidden = false;
          return;
        }
        var target = document.getElementById("seg-" + answer.segment);
        if (target) {
          var ta = editorOf(target);
          ta.focus();
          ta.scrollIntoView({ block: "center" });
        } else {
          window.location.href = root.dataset.pageUrl + "?from=" + answer.position + "#seg-" + answer.segment;
        }
      });
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest(".next-todo")) nextToDo();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && (ev.key === "j" || ev.key === "J" || ev.code === "KeyJ")) {
      ev.preventDefault();
      nextToDo();
    }
  });
  // after reloading at a handed-out segment, start there
  if (window.location.hash.indexOf("#seg-") === 0) {
    var start = document.getElementById(window.location.hash.slice(1));
    if (start && editorOf(start)) editorOf(start).focus();
  }
})();
