"""The explicit repair of a project refused on open for what gridsafe did not create (`gridsafe db repair`, the
window's refusal dialog), on both backends:

- SQLite: gis.store.repair_project (a backup beside the file, then gis.trust.repair in one transaction);
- PostgreSQL: only a 管理员 (or the database's owner); gridsafe tables missing or altered are refused with the way
  out; first a backup made by gis.dbcopy to a .gridsafe file, then in one transaction the foreign triggers, views,
  functions and indexes trust.pg_check named dropped and gridsafe's own altered or missing ones recreated from a
  fresh schema (trust.pg_definitions), compared again before it commits.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError

from gis import accounts, dbcopy, store, trust
from gis.errors import DamagedProject, PermissionRefused
from gis.feedback import Feedback


def repair_project(target: str | Path, *, backup: str | Path | None = None,
                   feedback: Feedback | None = None) -> trust.Repair:
    """Repair the project at `target`. PostgreSQL: `backup` is where its backup goes (store.repair_backup_path:
    a .gridsafe file, or a folder; default the current folder); `feedback` follows the backup and may cancel it,
    before anything is changed."""
    url = store.to_url(target)
    if store.is_sqlite(url):
        return store.repair_project(url)
    return _repair_postgresql(url, store.repair_backup_path(url, backup), feedback)


def _repair_postgresql(url: str, backup: Path, feedback: Feedback | None = None) -> trust.Repair:
    """Only a 管理员 (or the database's owner) may; gridsafe tables missing or altered are refused with the way
    out. First a backup with gis.dbcopy to the .gridsafe file `backup` (an older project: pg_dump beside it),
    then in one transaction (the write lock) the foreign triggers, views, functions and indexes pg_check named
    are dropped and gridsafe's own altered or missing ones recreated from a fresh schema; the result is
    compared again before it commits."""
    where = store.describe(url)
    with store.without_schema_check():
        state = store._probe(url, allow_older=True)
    engine = store._make_engine(url)
    saved = None
    try:
        with engine.connect() as conn:
            report = trust.pg_compare(conn, url, state.revision)
            if not report:
                return trust.Repair(Path(), [], [], [], [])
            if not report.repairable:
                raise trust.ForeignSchema(f"数据库 {where} 无法修复：\n"
                                          + "\n".join(report.lines()) + "\n" + trust.pg_way_out(report, where), report,
                                          en=f"Database {where} cannot be repaired:\n" + "\n".join(report.lines("en"))
                                          + "\n" + trust.pg_way_out(report, where, "en"))
            account = accounts.current(conn)
        if account is not None and account.role != "admin":
            raise PermissionRefused(
                f"只有管理员可以修复数据库 {where}：修复会删除数据库中的触发器、函数等对象。当前登录为 "
                f"{account.describe()}。请用管理员账号或数据库所有者的登录名再试；数据库未作任何修改。",
                en=f"Only an administrator may repair database {where}: the repair drops triggers, functions and "
                   f"other objects of the database. The current login is {account.describe('en')}. Try again with an "
                   "administrator's account or the database owner's login; the database was not changed.")
        definitions = trust.pg_definitions(url, state.revision)
        saved = _backup_for_repair(url, state.revision, backup, feedback)
        with store.writing(engine) as conn:
            dropped, recreated = trust.pg_repair(conn, report, definitions)
            left = trust.pg_compare(conn, url, state.revision)
            if left:
                raise DamagedProject(f"修复数据库 {where} 后结构仍不一致：\n" + "\n".join(left.lines())
                                     + f"\n修复已撤销，数据库未作任何修改；修复前的备份在 {saved}。",
                                     en=f"After the repair of database {where} its structure still differs:\n"
                                        + "\n".join(left.lines("en"))
                                        + "\nThe repair was undone and the database was not changed; the backup made "
                                          f"before the repair is {saved}.")
    except DBAPIError as e:
        detail = str(getattr(e, "orig", e)).strip().splitlines()[0][:300]
        raise (store.write_conflict(e, where) or DamagedProject(
            f"修复数据库 {where} 失败（{detail}），数据库未作任何修改"
            + (f"；修复前的备份在 {saved}。" if saved else "。")
            + "请数据库管理员（数据库的所有者）再试，或从备份恢复。",
            en=f"Repairing database {where} failed ({detail}); the database was not changed"
               + (f"; the backup made before the repair is {saved}. " if saved else ". ")
               + "Ask the database administrator (the database's owner) to try again, or restore from the backup.")) from e
    finally:
        engine.dispose()
    return trust.Repair(saved, dropped, recreated, [], [])


def _backup_for_repair(url: str, revision: str, backup: Path, feedback: Feedback | None) -> Path:
    """The project copied whole to the .gridsafe file `backup` (gis.dbcopy); a project at an older revision, which
    dbcopy does not copy, is dumped with pg_dump beside it (DB.bak-repair-….dump)."""
    if revision != store.head_revision():
        dst = backup.with_suffix(".dump")
        store._backup_postgresql(url, dst)
        return dst
    with store.without_schema_check():
        dbcopy.copy_project(url, backup, feedback=feedback)
    return backup
