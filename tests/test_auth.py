"""Login, logout and CSRF: every change needs a user and a valid token."""

from __future__ import annotations

from conftest import PASSWORD, Browser, make_user


def test_pages_redirect_to_login(app):
    client = app.test_client()
    resp = client.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_wrong_password_is_refused(app):
    make_user(app, "carol")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    resp = client.post(
        "/login", data={"username": "carol", "password": "nope", "csrf_token": token}
    )
    assert resp.status_code == 401
    assert "wrong password" in resp.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_password_is_hashed(app, session):
    from workbench.models import User

    make_user(app, "dave")
    user = session.query(User).filter_by(username="dave").one()
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)


def test_login_without_csrf_token_is_refused(app):
    make_user(app, "erin")
    client = app.test_client()
    resp = client.post("/login", data={"username": "erin", "password": PASSWORD})
    assert resp.status_code == 400
    assert "CSRF" in resp.get_data(as_text=True)


def test_htmx_save_without_csrf_header_is_refused(app, sample_doc, alice: Browser, session):
    from workbench.models import Segment

    seg = session.query(Segment).filter_by(document_id=sample_doc).first()
    resp = alice.client.post(
        f"/segments/{seg.id}",
        data={"target": "x", "base_version": seg.version},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 400
    session.expire_all()
    assert session.get(Segment, seg.id).target == ""


def test_save_when_logged_out_is_refused(app, sample_doc, session):
    from workbench.models import Segment

    seg = session.query(Segment).filter_by(document_id=sample_doc).first()
    resp = app.test_client().post(f"/segments/{seg.id}", data={"target": "x", "base_version": 1})
    assert resp.status_code in (302, 400, 401)
    session.expire_all()
    assert session.get(Segment, seg.id).target == ""


def test_open_redirect_is_not_followed(app):
    make_user(app, "frank")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    resp = client.post(
        "/login",
        data={
            "username": "frank",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "https://evil.example/",
        },
    )
    assert resp.headers["Location"] == "/"
