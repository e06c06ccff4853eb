"""Fixtures shared by all tests. Area-specific fixtures live beside their tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbench" / "demo" / "jiangyuan-2024-government-work-report.zh.txt"


def _shared_dir() -> Path | None:
    """The `shared/` folder beside the checkout (present in CI and dev sessions), if any."""
    env = os.environ.get("WORKBENCH_SHARED_DIR")
    for candidate in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    """Official XLIFF/TMX/TBX schemas; tests that need them skip when shared/ is absent."""
    shared = _shared_dir()
    if shared is None or not (shared / "schemas").is_dir():
        pytest.skip("shared/schemas not available (CI has it)")
    return shared / "schemas"


# --- the app, a database per test, users ----------------------------------------------

import re  # noqa: E402
import shutil  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """A database file upgraded to head once per session; each test gets a copy (fast)."""
    from workbench.schema import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_db, monkeypatch):
    from workbench import create_app

    db_path = tmp_path / "workbench.sqlite"
    shutil.copy(migrated_db, db_path)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{db_path}")
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "test-secret")
    monkeypatch.setenv("WORKBENCH_MT_ENGINE", "fake")
    monkeypatch.setenv("WORKBENCH_MT_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    monkeypatch.setenv("WORKBENCH_HUEY_PATH", str(tmp_path / "huey.sqlite"))
    app = create_app({"TESTING": True, "PAGE_SIZE": 100})
    app.instance_path = str(tmp_path / "instance")
    yield app
    app.extensions["db_session"].remove()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def session(app):
    with app.app_context():
        yield app.extensions["db_session"]()


def make_user(app, name: str = "alice", role: str = "reviewer"):
    from workbench.models import User

    with app.app_context():
        s = app.extensions["db_session"]()
        user = User(username=name, role=role)
        user.set_password(PASSWORD)
        s.add(user)
        s.commit()
        return user.id


@pytest.fixture
def cli(app):
    """Runs `workbench ...` against the test app's database (the env vars the fixture set)."""
    from click.testing import CliRunner

    from workbench.cli import main

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """A logged-in test client that knows its CSRF token, like a real page would."""

    def __init__(self, app, name: str = "alice", role: str = "reviewer"):
        self.client = app.test_client()
        self.user_id = make_user(app, name, role)
        page = self.client.get("/login").get_data(as_text=True)
        self.token = _CSRF.search(page).group(1)
        resp = self.client.post(
            "/login", data={"username": name, "password": PASSWORD, "csrf_token": self.token}
        )
        assert resp.status_code == 302, resp.get_data(as_text=True)

    def get(self, url, htmx: bool = False, **kw):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.get(url, headers=headers, **kw)

    def post(self, url, data=None, htmx: bool = True, **kw):
        headers = {"HX-Request": "true", "X-CSRFToken": self.token} if htmx else {}
        data = dict(data or {})
        if not htmx:
            data.setdefault("csrf_token", self.token)
        return self.client.post(url, data=data, headers=headers, **kw)


@pytest.fixture
def alice(app) -> Browser:
    return Browser(app, "alice")


@pytest.fixture
def bob(app) -> Browser:
    return Browser(app, "bob")


@pytest.fixture
def sample_doc(app, sample_text) -> int:
    """The demo report imported (and QA'd, by the import's event); returns its document id."""
    from workbench.core.usecases import OPERATOR
    from workbench.core.usecases.documents import import_document

    with app.app_context():
        s = app.extensions["db_session"]()
        imported = import_document(
            s, OPERATOR, "report.txt", sample_text.encode(), max_bytes=10**8, title="Sample"
        )
        return imported.document.id


@pytest.fixture
def pg_app(monkeypatch, tmp_path):
    """The app on an emptied PostgreSQL database (WORKBENCH_TEST_POSTGRES_URL), else skip."""
    from workbench import create_app
    from workbench.schema import upgrade

    url = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WORKBENCH_TEST_POSTGRES_URL not set")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "test")
    monkeypatch.setenv("WORKBENCH_HUEY_PATH", str(tmp_path / "huey.sqlite"))
    monkeypatch.setenv("WORKBENCH_MT_ENGINE", "fake")
    app = create_app({"TESTING": True})
    yield app
    app.extensions["db_session"].remove()
    app.extensions["db_engine"].dispose()
