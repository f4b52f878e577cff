"""Errors meant for users: each carries a message in Chinese that names the file, row or field.

The message is said in both languages where it is made, as progress texts are (gis.feedback.Feedback.say):
`raise DataFileError(f"文件 {name} 是空文件（0 字节）", en=f"File {name} is empty (0 bytes)")`. `.message` stays
the Chinese (the command line, the logs and the tests read it); the window shows `e.text(lang)`.
"""
from __future__ import annotations

# what the audit log's append-only triggers say (the database's own words, in Chinese: a migration wrote them),
# and its English for a refusal shown in the English window (gis.accounts.refusal)
AUDIT_APPEND_ONLY = ("操作日志只能追加，不能修改或删除", "the audit log can only be added to, never changed or deleted")


class GridsafeError(Exception):
    """An error whose message can be shown to a user as it is."""

    def __init__(self, message: str, *, en: str | None = None):
        super().__init__(message)
        self.message = message
        self.en = en

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` ("zh" or "en"): the English where the raiser gave one, else the Chinese."""
        return self.en if lang == "en" and self.en else self.message


class ProjectError(GridsafeError):
    """The project cannot be opened, created or upgraded; the file was left unchanged."""


class NotAProject(ProjectError):
    pass


class DamagedProject(ProjectError):
    repairable = False   # `gridsafe db repair` can make it whole (after a backup)


class NewerSchema(ProjectError):
    pass


class OlderSchema(ProjectError):
    pass


class ValidationError(GridsafeError):
    """A rule of the domain model refused a write; nothing was written."""


class ConflictError(GridsafeError):
    """Another writer came first: the message says what conflicted and that nothing of this write was
    written. `retryable`: running the same unit of work again (Project.write) may well succeed."""

    def __init__(self, message: str, *, retryable: bool = False, en: str | None = None):
        super().__init__(message, en=en)
        self.retryable = retryable


class ProjectBusy(ConflictError):
    """Another writer held the project longer than a writer waits (store.BUSY_TIMEOUT_S)."""


class ConnectionLost(GridsafeError):
    """The connection to the database server broke in the middle of a read or a write (the server stopped or
    restarted, the network went away). `unknown`: it broke while the transaction was committing, so whether the
    write was saved cannot be told; otherwise nothing of it was written. The next write reconnects by itself."""

    def __init__(self, message: str, *, unknown: bool = False, en: str | None = None):
        super().__init__(message, en=en)
        self.unknown = unknown


class PermissionRefused(GridsafeError):
    """The database refused a write for the login's role, area or sector (PostgreSQL: SQLSTATE 42501 from a grant,
    a row-level security policy or gridsafe's guard trigger). The message names the account, what was refused and
    why; nothing of the write was written (gis.accounts.refusal builds it)."""
