"""Run a native reader on an untrusted file in a child process with an address-space limit, as browsers
isolate their parsers: if the reader aborts (calamine is Rust: a failed allocation aborts the process,
exit 134, before any Python exception), only the child dies and the caller gets a Chinese refusal.

Linux/macOS: os.fork (the child inherits the imported reader, so no start-up cost) and
resource.setrlimit(RLIMIT_AS) set to what the process already maps plus CHILD_BUDGET; the result comes
back pickled through a pipe. Windows has no fork and no RLIMIT_AS (a Job object would do it, which we
cannot use here): there the reader runs in-process, protected only by the budgets checked before it
(gis.io.xlsx_budget). GRIDSAFE_NO_ISOLATION=1 does the same anywhere (for debugging). A child that has not
answered within CHILD_TIMEOUT_S (a reader stuck on a crafted file, or deadlocked) is killed and refused.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from gis.io.errors import DataFileError

T = TypeVar("T")
CHILD_BUDGET = 1 << 30  # address space the child may add to what it inherits: the 1 GB of issue 18
CHILD_TIMEOUT_S = 300.0  # the county's 36,000-row workbook reads in under 2 s


def available() -> bool:
    return hasattr(os, "fork") and os.name == "posix" and not os.environ.get("GRIDSAFE_NO_ISOLATION")


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def run(fn: Callable[..., T], *args, what: str) -> T:
    """fn(*args) in a forked child limited to CHILD_BUDGET more address space; its result, or the
    exception it raised (re-raised here), or DataFileError naming `what` when the child died."""
    if not available():
        return fn(*args)
    import resource

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no return from here
        code = 0
        try:
            import faulthandler

            faulthandler.disable()  # a reader's abort here is expected: not a crash of the program to log
            # a Rust panic printing its backtrace after a failed allocation allocates again and then waits
            # forever for the backtrace lock it holds: no backtraces in the child
            os.environ["RUST_BACKTRACE"] = os.environ["RUST_LIB_BACKTRACE"] = "0"
            os.close(read_end)
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = _mapped_bytes() + CHILD_BUDGET
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            try:
                payload = pickle.dumps((True, fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps((False, DataFileError(_too_big(what, "内存不足"))))
            except (KeyboardInterrupt, SystemExit, Exception) as e:  # handed to the parent as it is
                if isinstance(e, Exception) and "bad_alloc" in str(e):   # C++ (GEOS, GDAL): a failed allocation
                    payload = pickle.dumps((False, DataFileError(_too_big(what, "内存不足"))))
                else:
                    try:
                        payload = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
                    except Exception:  # noqa: BLE001 - an exception that does not pickle
                        payload = pickle.dumps((False, DataFileError(f"读取 {what} 失败（{type(e).__name__}: {e}）")))
            except BaseException as e:  # noqa: BLE001 - a native reader's panic (pyo3's PanicException): often a
                # failed allocation under the limit, else a malformed file — refused like a child that died
                payload = pickle.dumps((False, DataFileError(_too_big(what, f"读取组件出错（{type(e).__name__}）"))))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - the child must never return into the caller's code
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    data = _read_all(read_end, pid, what)
    _, status = os.waitpid(pid, 0)
    if data:
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a child killed while writing
            ok, value = None, None
        if ok is True:
            return value
        if ok is False:
            raise value
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        how = f"异常终止（信号 {signal.Signals(sig).name}）" if sig in signal.valid_signals() else f"异常终止（信号 {sig}）"
    else:
        how = f"异常退出（退出码 {os.WEXITSTATUS(status)}）"
    raise DataFileError(_too_big(what, f"读取组件{how}"))


def _read_all(fd: int, pid: int, what: str) -> bytes:
    """Everything the child writes until it closes the pipe; past CHILD_TIMEOUT_S the child is killed."""
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    chunks = []
    with os.fdopen(fd, "rb", buffering=0) as f:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([f], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise DataFileError(f"读取 {what} 超过 {CHILD_TIMEOUT_S:g} 秒仍未完成，已停止读取：文件可能是恶意构造"
                                    "或已损坏；项目未作任何更改")
            chunk = f.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _too_big(what: str, how: str) -> str:
    return (f"读取 {what} 时{how}：文件可能是恶意构造或已损坏，或读取需要超过 {_size(CHILD_BUDGET)} 内存，"
            "已拒绝读取；项目未作任何更改")


def _size(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"
