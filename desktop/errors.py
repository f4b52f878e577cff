"""Unexpected errors go to a log file; users see a short message, never a traceback."""
from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from gis.userdata import log_dir

_configured = False


def log_path() -> Path:
    return log_dir() / "gridsafe.log"


def setup_logging() -> None:
    global _configured
    if _configured:
        return
    handler = RotatingFileHandler(log_path(), maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = True


def unexpected(error: BaseException, what: str = "uncaught exception") -> str:
    """Log an unexpected error with its traceback; returns the short message to show the user."""
    logging.getLogger("gridsafe").error(what, exc_info=(type(error), error, error.__traceback__))
    return QCoreApplication.translate("Errors", "发生意外问题，操作未完成。详情已记录到：\n{path}").format(
        path=log_path())


def install_excepthook(show) -> None:
    """Route uncaught exceptions (also those raised inside Qt slots) to the log and `show(message)`."""
    from desktop.i18n import error_text
    from gis.errors import GridsafeError

    def hook(etype, value, tb):
        if isinstance(value, GridsafeError):
            show(error_text(value))
            return
        show(unexpected(value.with_traceback(tb)))

    sys.excepthook = hook
