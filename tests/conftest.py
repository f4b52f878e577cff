"""Shared fixtures: offscreen Qt, private user dirs, and projects on SQLite and on a real PostgreSQL.

PostgreSQL tests need the server programs (initdb, pg_ctl; Debian package postgresql-15). Without them
they fail and say so: the PostgreSQL half of the suite is never silently left out.
"""
from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_user_dirs = tempfile.mkdtemp(prefix="gridsafe-user-")
os.environ["GRIDSAFE_DATA_DIR"] = os.path.join(_user_dirs, "data")
os.environ["GRIDSAFE_LOG_DIR"] = os.path.join(_user_dirs, "log")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_user_dirs, "config")  # Qt settings stay out of the user's

import pytest  # noqa: E402

from tests.pgserver import PgServer  # noqa: E402

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server():
    server = PgServer()
    if not server.available:
        pytest.fail("PostgreSQL server programs (initdb, pg_ctl) not found: install postgresql-15 "
                    "(apt-get install postgresql-15), as .ci/run does")
    try:
        server.start()
    except Exception as e:  # a broken local install: say why
        detail = getattr(e, "stderr", "") or str(e)
        pytest.fail(f"PostgreSQL did not start: {detail}")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def on_both_backends(tmp_path_factory, request):
    """run(exercise) → {"sqlite": exercise(path), "postgresql": exercise(url)}: one exercise of the code on
    a new project of each backend, for tests that compare the answers."""
    def run(exercise):
        return {"sqlite": exercise(str(tmp_path_factory.mktemp("parity") / "p.gridsafe")),
                "postgresql": exercise(request.getfixturevalue("pg_server").new_database())}
    return run


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def project_url(backend, tmp_path, request):
    """URL of a place for a new project: a SQLite file path, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        return str(tmp_path / "p.gridsafe")
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture
def new_project(project_url):
    from gis import store

    project = store.create_project(project_url)
    yield project
    project.close()


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """One QApplication for the whole run, made first: otherwise a CLI or printing test that paints makes a bare
    QGuiApplication (desktop.printing.page.ensure_gui, as a headless `gridsafe` run does) and the first window
    test after it in the same process aborts (a QWidget needs a QApplication). Garbage is collected on its
    thread only, as in the app (desktop.ui_thread_gc)."""
    from desktop.ui_thread_gc import collect_on_ui_thread

    collect_on_ui_thread(qapp)
    yield qapp


@pytest.fixture(autouse=True)
def _collect_between_tests():
    """A test that never turns the event loop still has its garbage collected (on the main thread)."""
    yield
    from desktop.ui_thread_gc import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def _no_operator_dialog(monkeypatch):
    """The operator chooser is modal: a test that reaches it without choosing fails instead of hanging.
    A test that means to answer it patches desktop.operator.choose_person itself."""
    import sys

    if "desktop.operator" not in sys.modules:   # not imported: no window in this test (or no PySide6)
        return

    def refuse(_parent, _project, _current=None):
        raise AssertionError("the operator chooser opened: set window.operator first")

    monkeypatch.setattr(sys.modules["desktop.operator"], "choose_person", refuse)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The demo township, made once per test process. Read it, or copy it (demo_copy) before writing."""
    from gis.userdata import make_demo_project

    path = tmp_path_factory.mktemp("demo") / "示例项目.gridsafe"
    make_demo_project(path).close()
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    """A copy of the demo township of this test's own, to write to."""
    import shutil

    path = tmp_path / "示例项目.gridsafe"
    shutil.copy(demo_file, path)
    return path
