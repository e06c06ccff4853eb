"""The security baseline: headers, sessions that end on the server, login limits, accounts,
the audit log, and values refused at the edge (control characters, huge ids)."""

from __future__ import annotations

import re

import pytest
from conftest import _CSRF, PASSWORD, Browser, make_user

from workbench.models import AuditEntry, Segment, User


def _login(client, name: str, password: str = PASSWORD, environ_base=None, **extra):
    environ_base = environ_base or {}
    token = _CSRF.search(client.get("/login", environ_base=environ_base).get_data(as_text=True))
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token.group(1), **extra},
        environ_base=environ_base,
    )


def query(app, build):
    """Read the database in an app context of its own (never the one requests run in:
    Flask-Login keeps the current user in the app context's `g`)."""
    with app.app_context():
        return build(app.extensions["db_session"]())


# --- headers and cookies ------------------------------------------------------------------


def test_every_response_has_the_security_headers(alice: Browser, sample_doc):
    for url in ("/", f"/documents/{sample_doc}", "/login", "/static/app.js", "/no-such-page"):
        resp = alice.get(url)
        headers = resp.headers
        resp.close()
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_style_or_handlers():
    """The CSP forbids them: an inline one would silently stop working in the browser."""
    from pathlib import Path

    offenders = []
    for template in Path("templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\ssrc=)", text) or re.search(r"\sstyle=", text):
            offenders.append(str(template))
        if re.search(r"\son[a-z]+=", text) or "hx-on" in text or "<style" in text:
            offenders.append(str(template))
    assert offenders == []


def test_cookies_are_httponly_samesite_and_remember_me_is_bounded(app):
    make_user(app, "carol")
    client = app.test_client()
    resp = _login(client, "carol", remember="1")
    cookies = resp.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # plain HTTP by default; WORKBENCH_SECURE_COOKIES=1
    expires = re.search(r"Expires=([^;]+)", remember).group(1)
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    days = (parsedate_to_datetime(expires) - datetime.now(timezone.utc)).days
    assert 13 <= days <= 14


def test_secure_cookies_setting(app, monkeypatch, tmp_path):
    from workbench import create_app

    monkeypatch.setenv("WORKBENCH_SECURE_COOKIES", "1")
    secure = create_app({"TESTING": True})
    assert secure.config["SESSION_COOKIE_SECURE"] and secure.config["REMEMBER_COOKIE_SECURE"]
    resp = secure.test_client().get("/login")
    assert "max-age" in resp.headers["Strict-Transport-Security"]
    secure.extensions["db_engine"].dispose()


# --- sessions -----------------------------------------------------------------------------


def test_logout_ends_a_copied_session_and_remember_cookie(app, sample_doc):
    make_user(app, "dave")
    client = app.test_client()
    assert _login(client, "dave", remember="1").status_code == 302
    copied = {c.key: c.value for c in client._cookies.values()}
    assert {"session", "remember_token"} <= set(copied)
    token = _CSRF.search(client.get("/").get_data(as_text=True)).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302

    thief = app.test_client()
    for key, value in copied.items():
        thief.set_cookie(key, value)
    resp = thief.get(f"/documents/{sample_doc}")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    # the remember cookie alone does not log in again either
    thief.delete_cookie("session")
    assert thief.get("/").status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(app):
    make_user(app, "erin")
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop, "erin"), _login(phone, "erin")
    token = _CSRF.search(laptop.get("/account").get_data(as_text=True)).group(1)
    short = laptop.post(
        "/account/password",
        data={"current": PASSWORD, "new": "short", "repeat": "short", "csrf_token": token},
    )
    assert short.status_code == 422 and "at least 10 characters" in short.get_data(as_text=True)
    wrong = laptop.post(
        "/account/password",
        data={
            "current": "nope",
            "new": "a much longer one",
            "repeat": "a much longer one",
            "csrf_token": token,
        },
    )
    assert wrong.status_code == 422 and "current password is wrong" in wrong.get_data(as_text=True)
    ok = laptop.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a much longer one",
            "repeat": "a much longer one",
            "csrf_token": token,
        },
    )
    assert ok.status_code == 303
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert _login(app.test_client(), "erin").status_code == 401
    assert _login(app.test_client(), "erin", "a much longer one").status_code == 302


def test_admin_disables_a_user_who_is_logged_out_at_once(app):
    admin = Browser(app, "root", "admin")
    victim = app.test_client()
    make_user(app, "frank")
    _login(victim, "frank")
    assert victim.get("/").status_code == 200
    frank = query(app, lambda s: s.scalar(_uid("frank")))
    resp = admin.post(f"/users/{frank}", {"action": "disable"}, htmx=False)
    assert resp.status_code == 303
    assert victim.get("/").status_code == 302
    assert _login(app.test_client(), "frank").status_code == 401
    page = admin.get("/users").get_data(as_text=True)
    assert "disabled" in page
    # the last admin cannot disable themself
    resp = admin.post(f"/users/{admin.user_id}", {"action": "disable"}, htmx=False)
    assert resp.status_code == 409 and "last active admin" in resp.get_data(as_text=True)


def _uid(name):
    from sqlalchemy import select

    return select(User.id).where(User.username == name)


def test_only_admins_reach_the_admin_pages(alice: Browser):
    assert alice.get("/users").status_code == 403
    assert alice.get("/admin/audit").status_code == 403
    assert (
        alice.post(f"/users/{alice.user_id}", {"action": "disable"}, htmx=False).status_code == 403
    )


# --- logins ---------------------------------------------------------------------------------


def test_unknown_user_costs_a_password_check(app, monkeypatch):
    """Constant time: an unknown name runs the same scrypt check as a wrong password."""
    from workbench.services import logins

    calls = []
    real = logins.check_password_hash
    monkeypatch.setattr(logins, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    with app.app_context():
        session = app.extensions["db_session"]()
        assert logins.authenticate(session, "nobody", "whatever") is None
    assert len(calls) == 1 and calls[0].startswith("scrypt:")


def test_failed_logins_are_limited_per_account(app):
    app.config["LOGIN_MAX_FAILURES_ACCOUNT"] = 5
    make_user(app, "gina")
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "gina", "wrong").status_code == 401
    resp = _login(client, "gina")  # even the right password waits now
    assert resp.status_code == 429
    assert "Too many failed logins for this account" in resp.get_data(as_text=True)
    assert int(resp.headers["Retry-After"]) > 0
    # another account from the same address is not locked by gina's failures
    make_user(app, "hank")
    assert _login(client, "hank").status_code == 302


def test_failed_logins_are_limited_per_address(app):
    app.config["LOGIN_MAX_FAILURES_ADDRESS"] = 6
    make_user(app, "ivan")
    client = app.test_client()
    for i in range(6):
        assert _login(client, f"guess{i}", "wrong").status_code == 401
    resp = _login(client, "ivan")
    assert resp.status_code == 429 and "from your address" in resp.get_data(as_text=True)
    other = app.test_client()
    assert _login(other, "ivan", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


def test_a_success_resets_the_account_count(app):
    app.config["LOGIN_MAX_FAILURES_ACCOUNT"] = 3
    make_user(app, "jane")
    client = app.test_client()
    for _ in range(2):
        _login(client, "jane", "wrong")
    assert _login(client, "jane").status_code == 302
    for _ in range(2):
        assert _login(app.test_client(), "jane", "wrong").status_code == 401
    assert _login(app.test_client(), "jane").status_code == 302


def test_next_with_line_breaks_or_other_hosts_goes_home(app):
    make_user(app, "kim")
    for target in ("/x\r\nSet-Cookie: a=b", "//evil.example/", "\\\\evil", "https://evil/"):
        resp = _login(app.test_client(), "kim", next=target)
        assert resp.status_code == 302 and resp.headers["Location"] == "/", target


# --- audit log ------------------------------------------------------------------------------


def test_audit_log_records_logins_and_account_changes(app):
    admin = Browser(app, "root", "admin")
    make_user(app, "lee")
    _login(app.test_client(), "lee", "wrong")
    lee = query(app, lambda s: s.scalar(_uid("lee")))
    admin.post(f"/users/{lee}", {"action": "role", "role": "editor"}, htmx=False)
    actions = query(app, lambda s: [e.action for e in s.query(AuditEntry).order_by(AuditEntry.id)])
    assert actions == ["login", "login_failed", "role_changed"]
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Failed login" in page and "reviewer -&gt; editor" in page
    only = admin.get("/admin/audit?action=login_failed").get_data(as_text=True)
    assert "Failed login" in only and "Role changed</td>" not in only


# --- values at the edge ---------------------------------------------------------------------


def test_nul_in_any_field_is_refused_with_the_field_name(app, alice: Browser, sample_doc):
    seg = query(app, lambda s: s.query(Segment).filter_by(document_id=sample_doc).first())
    resp = alice.post(f"/segments/{seg.id}", {"target": "Bad\x00text", "base_version": seg.version})
    assert resp.status_code == 400
    body = resp.get_data(as_text=True)
    assert "“target”" in body and "U+0000" in body
    resp = alice.post(f"/segments/{seg.id}/comments", {"body": "a\x07b"})
    assert resp.status_code == 400 and "U+0007" in resp.get_data(as_text=True)
    assert alice.get(f"/documents/{sample_doc}?q=%00").status_code == 400
    assert query(app, lambda s: s.get(Segment, seg.id).target) == ""


def test_flush_check_names_field_and_limit(app, session):
    from workbench.edge import ValueRefused
    from workbench.models import Term

    session.add(Term(source="x" * 201, source_key="x", target=""))
    with pytest.raises(ValueRefused, match="term source has 201 characters, over the 200 limit"):
        session.flush()
    session.rollback()
    session.add(Term(source="政府", source_key="政府", target="gov\x0bernment"))
    with pytest.raises(ValueRefused, match="term target contains a control character U\\+000B"):
        session.flush()
    session.rollback()


@pytest.mark.parametrize(
    "url",
    [
        f"/documents/{2**70}",
        f"/segments/{2**70}/history",
        f"/documents/1?after={2**70}",
        f"/documents/1?from={2**70}",
        f"/admin/audit?before={2**70}",
    ],
)
def test_huge_ids_and_cursors_are_not_found_not_errors(app, url, sample_doc):
    admin = Browser(app, "root", "admin")
    assert admin.get(url).status_code in (200, 404), url


def test_huge_id_in_a_post_is_404(alice: Browser):
    resp = alice.post(f"/segments/{2**70}", {"target": "x", "base_version": "1"})
    assert resp.status_code == 404


def _multipart(token: str, name: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body as bytes (werkzeug's test client would spool a large file dict to a
    temporary file it never closes)."""
    boundary = "----workbench-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_model_upload_is_not_cut_at_the_document_limit(app):
    admin = Browser(app, "root", "admin")
    body, content_type = _multipart(admin.token, "big.argosmodel", b"PK\x03\x04" + bytes(6 << 20))
    resp = admin.client.post(
        "/mt/install-file", data=body, content_type=content_type, follow_redirects=True
    )
    assert resp.status_code == 200, resp.status_code  # over 5 MB, read, then refused
    assert "Not installed:" in resp.get_data(as_text=True)
    app.config["MT_MAX_MODEL_BYTES"] = 1024 * 1024
    body, content_type = _multipart(admin.token, "m.argosmodel", bytes(2 << 20))
    resp = admin.client.post("/mt/install-file", data=body, content_type=content_type)
    assert resp.status_code == 413 and "1 MB limit" in resp.get_data(as_text=True)


def test_forced_exports_and_deletions_are_audited(app, sample_doc):
    editor = Browser(app, "erin", "editor")
    url = f"/documents/{sample_doc}/export?format=edition-md"
    assert editor.get(url).status_code == 409
    assert editor.get(url + "&force=1").status_code == 200
    assert editor.get(f"/documents/{sample_doc}/export?format=tmx").status_code == 200
    from workbench.models import Term

    term_id = query(
        app,
        lambda s: _add_term(
            s, Term(source="河长制", source_key="河长制", target="river chief system")
        ),
    )
    assert editor.post(f"/glossary/{term_id}/delete").status_code == 200
    entries = query(
        app,
        lambda s: [(e.action, e.username, e.target, e.detail) for e in s.query(AuditEntry)],
    )
    forced = [e for e in entries if e[0] == "forced_export"]
    assert forced == [("forced_export", "erin", f"document {sample_doc}", forced[0][3])]
    assert "edition-md" in forced[0][3] and "open QA error" in forced[0][3]
    assert ("term_deleted", "erin", f"河长制 (term {term_id})", "river chief system") in entries


def _add_term(session, term) -> int:
    session.add(term)
    session.commit()
    return term.id


def test_glossary_files_with_control_characters_or_deep_nesting_are_refused(app):
    from workbench.core.errors import Invalid
    from workbench.core.usecases import OPERATOR
    from workbench.core.usecases.glossary import import_glossary
    from workbench.models import Term

    rows = "".join(f"政策{i}号,policy {i}\r\n" for i in range(450))
    nul = f"source,target\r\n{rows}坏\x00词,bad\r\n".encode()
    deep = b"[" * 100_000 + b"]" * 100_000
    with app.app_context():
        session = app.extensions["db_session"]()
        with pytest.raises(Invalid, match=r"term 451 .*source has a control character U\+0000"):
            import_glossary(session, OPERATOR, "nul.csv", nul)
        with pytest.raises(Invalid, match="nested too deeply"):
            import_glossary(session, OPERATOR, "deep.json", deep)
        assert session.query(Term).count() == 0  # nothing of the 450 good rows either
