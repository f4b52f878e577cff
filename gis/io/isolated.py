"""Run a native reader on an untrusted file in a child process with a memory limit, as browsers isolate
their parsers: if the reader aborts (calamine is Rust: a failed allocation aborts the process, exit 134,
before any Python exception), only the child dies and the caller gets a Chinese refusal.

Two ways of having a child (`mode()`; GRIDSAFE_ISOLATION=fork|spawn|off chooses one for tests and debugging,
GRIDSAFE_NO_ISOLATION=1 is "off"):
- fork (Linux/macOS, the default there): a child per read, forked, so it inherits the imported reader with no
  start-up cost; resource.setrlimit(RLIMIT_AS) = what the process already maps + CHILD_BUDGET.
- spawn (Windows, the default there: no fork): one worker process started with multiprocessing's "spawn"
  context on first use and reused (only the first read pays its start-up), replaced when it dies or after a
  read that ran out of memory. Each read may add CHILD_BUDGET to what the worker has committed: on Windows a
  Job object with JOB_OBJECT_LIMIT_PROCESS_MEMORY that the worker puts itself in, elsewhere RLIMIT_AS.
  Arguments and results travel pickled: module-level functions or partials of them; with them the readers the
  caller has loaded (loaded before the limit) and their limits as the caller has them. A frozen program needs
  multiprocessing.freeze_support() at its entry (installer/gridsafe_main.py).
- off: in-process, protected only by the budgets checked before the reader (gis.io.xlsx_budget, geo_budget).

In both child modes a child that dies (native abort), runs out of memory or has not answered within
CHILD_TIMEOUT_S (a reader stuck on a crafted file, or deadlocked; it is killed) gives the same DataFileError.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from gis.io.errors import DataFileError

T = TypeVar("T")
Words = tuple[str, str]   # (Chinese, English): what is read, said in both languages
log = logging.getLogger(__name__)
CHILD_BUDGET = 1 << 30  # memory the child may add to what it has: the 1 GB of issue 18
CHILD_TIMEOUT_S = 300.0  # the county's 36,000-row workbook reads in under 2 s
START_TIMEOUT_S = 120.0  # spawn: the worker's start-up and loading the readers (~1 s; a slow PC's virus scan)
MODES = ("fork", "spawn", "off")


def mode() -> str:
    """How run() isolates the reader: "fork", "spawn" or "off" (see the module's docstring)."""
    if os.environ.get("GRIDSAFE_NO_ISOLATION"):
        return "off"
    chosen = os.environ.get("GRIDSAFE_ISOLATION", "").strip().lower()
    can_fork = hasattr(os, "fork") and os.name == "posix"
    if chosen == "off":
        return "off"
    return "fork" if can_fork and chosen != "spawn" else "spawn"


def run(fn: Callable[..., T], *args, what: str, what_en: str | None = None) -> T:
    """fn(*args) in a child that may add at most CHILD_BUDGET of memory: its result, or the exception it
    raised (re-raised here), or DataFileError naming `what` (in English `what_en`) when the child died or did not
    answer in time."""
    words: Words = (what, what_en or what)   # the refusals below are said in both languages
    how = mode()
    if how == "off" or _inside:   # a reader that reads another file through run() is isolated already
        return fn(*args)
    if how == "spawn":
        return _worker_run(fn, args, words)
    return _fork_run(fn, args, words)


# --- what the child does: the same in both modes ----------------------------------------------------------------

_inside = False   # True in the child (either mode)


def _child_setup() -> None:
    global _inside
    import faulthandler

    _inside = True

    faulthandler.disable()  # a reader's abort here is expected: not a crash of the program to log
    # a Rust panic printing its backtrace after a failed allocation allocates again and then waits
    # forever for the backtrace lock it holds: no backtraces in the child
    os.environ["RUST_BACKTRACE"] = os.environ["RUST_LIB_BACKTRACE"] = "0"


def _dump(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _outcome(fn: Callable, args: tuple, what: Words, budget: int) -> tuple[bytes, bool]:
    """(the pickled (ok, value) the caller gets, whether this process is still fit for another read)."""
    try:
        return _dump((True, fn(*args))), True
    except MemoryError:
        return _dump((False, _too_big(what, ("内存不足", "ran out of memory"), budget))), False
    except (KeyboardInterrupt, SystemExit, Exception) as e:  # handed to the caller as it is
        if isinstance(e, Exception) and "bad_alloc" in str(e):   # C++ (GEOS, GDAL): a failed allocation
            return _dump((False, _too_big(what, ("内存不足", "ran out of memory"), budget))), False
        try:
            return _dump((False, e)), True
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            return _dump((False, DataFileError(f"读取 {what[0]} 失败（{type(e).__name__}: {e}）",
                                               en=f"Reading {what[1]} failed ({type(e).__name__}: {e})"))), True
    except BaseException as e:  # noqa: BLE001 - a native reader's panic (pyo3's PanicException): often a
        # failed allocation under the limit, else a malformed file — refused like a child that died
        return _dump((False, _too_big(what, (f"读取组件出错（{type(e).__name__}）",
                                             f"the reader failed ({type(e).__name__})"), budget))), False


def _answer(data: bytes, what: Words):
    try:
        ok, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a child killed while writing
        raise _too_big(what, ("读取组件的结果不完整", "the reader's answer was incomplete")) from None
    if ok:
        return value
    raise value


def _died(what: Words, code: int | None) -> DataFileError:
    """The refusal for a child that ended without an answer: code < 0 is the signal that killed it."""
    if code is not None and code < 0:
        sig = -code
        name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
        how = (f"读取组件异常终止（信号 {name}）", f"the reader was killed (signal {name})")
    else:
        shown = f"0x{code:08X}" if code is not None and code > 0xFFFF else code   # Windows: NTSTATUS codes
        how = (f"读取组件异常退出（退出码 {shown}）", f"the reader exited abnormally (exit code {shown})")
    return _too_big(what, how)


def _timed_out(what: Words, seconds: float | None = None) -> DataFileError:
    s = seconds or CHILD_TIMEOUT_S
    return DataFileError(f"读取 {what[0]} 超过 {s:g} 秒仍未完成，已停止读取：文件可能是恶意构造"
                         "或已损坏；项目未作任何更改",
                         en=f"Reading {what[1]} took longer than {s:g} seconds and was stopped: the file may be "
                            "malicious or damaged. The project was not changed.")


def _too_big(what: Words, how: Words, budget: int | None = None) -> DataFileError:
    size = _size(budget or CHILD_BUDGET)
    return DataFileError(f"读取 {what[0]} 时{how[0]}：文件可能是恶意构造或已损坏，或读取需要超过 {size} 内存，"
                         "已拒绝读取；项目未作任何更改",
                         en=f"While reading {what[1]}, {how[1]}: the file may be malicious or damaged, or reading it "
                            f"needs more than {size} of memory. It was refused; the project was not changed.")


def _size(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"


# --- fork: a child per read -------------------------------------------------------------------------------------

def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _limit_address_space(budget: int | None) -> None:
    """RLIMIT_AS: what the process maps now + budget (None: back to the hard limit)."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = hard
    if budget is not None:
        limit = _mapped_bytes() + budget
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _fork_run(fn: Callable[..., T], args: tuple, what: Words) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no return from here
        code = 0
        try:
            _child_setup()
            os.close(read_end)
            _limit_address_space(CHILD_BUDGET)
            payload, _ = _outcome(fn, args, what, CHILD_BUDGET)
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
        return _answer(data, what)
    raise _died(what, -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


def _read_all(fd: int, pid: int, what: Words) -> bytes:
    """Everything the child writes until it closes the pipe; past CHILD_TIMEOUT_S the child is killed."""
    import select

    deadline = time.monotonic() + CHILD_TIMEOUT_S
    chunks = []
    with os.fdopen(fd, "rb", buffering=0) as f:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([f], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise _timed_out(what)
            chunk = f.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


# --- spawn: one reused worker -----------------------------------------------------------------------------------

class _Worker:
    def __init__(self):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs,), daemon=True, name="gridsafe-reader")
        self.process.start()
        theirs.close()

    def end(self, kill: bool = False) -> int | None:
        if kill:
            self.process.kill()
        self.process.join(5)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self.conn.close()
        return self.process.exitcode


_worker: _Worker | None = None
_worker_lock = threading.Lock()   # one read at a time in the worker; tasks on other threads wait their turn


def _worker_run(fn: Callable[..., T], args: tuple, what: Words) -> T:
    global _worker
    # a function that does not pickle fails here, in the caller
    loaded = _readers_loaded()
    request = _dump((fn, args, what, CHILD_BUDGET, loaded, _reader_limits(loaded)))
    with _worker_lock:
        if _worker is not None and not _worker.process.is_alive():
            _worker.end()
            _worker = None
        if _worker is None:
            try:
                _worker = _Worker()
            except OSError as e:
                raise DataFileError(f"无法启动读取组件（{e}），未读取 {what[0]}；项目未作任何更改",
                                    en=f"The reader could not be started ({e}); {what[1]} was not read. "
                                       "The project was not changed.") from e
        worker = _worker
        try:
            worker.conn.send_bytes(request)
            # the worker says when the read starts: its start-up and loading the readers are not the read's time
            for wait in (START_TIMEOUT_S, CHILD_TIMEOUT_S):
                if not worker.conn.poll(wait):
                    _worker = None
                    worker.end(kill=True)
                    raise _timed_out(what, wait)
                reply = worker.conn.recv_bytes()
        except (EOFError, OSError):          # the worker died: a native abort, or killed from outside
            _worker = None
            raise _died(what, worker.end()) from None
        if reply[:1] != b"\x01":             # it ran out of memory or panicked: replaced before the next read
            _worker = None
            worker.end()
    return _answer(reply[1:], what)


def _serve(conn) -> None:
    """The worker's loop: a pickled (fn, args, what, budget, readers to load, their limits) in; out b"started" once
    the readers are loaded and the limit set, then b"\\x01" or b"\\x00" (fit for another read or not) + the pickled
    (ok, value). Ends when the caller goes away or after a read that left it unfit."""
    _child_setup()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C is the caller's to handle
    while True:
        try:
            request = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            fn, args, what, budget, preload, limits = pickle.loads(request)
            _preload(preload)
            _set_limits(limits)
        except Exception as e:  # noqa: BLE001 - e.g. the reader's module cannot be imported here
            conn.send_bytes(b"started")
            refusal = DataFileError(f"读取组件无法接收任务（{type(e).__name__}: {e}）",
                                    en=f"The reader could not take the task ({type(e).__name__}: {e})")
            conn.send_bytes(b"\x01" + _dump((False, refusal)))
            continue
        _limit_memory(budget)
        conn.send_bytes(b"started")
        payload, fit = _outcome(fn, args, what, budget)
        if fit:
            _limit_memory(None)
        conn.send_bytes((b"\x01" if fit else b"\x00") + payload)
        if not fit:
            return


PRELOAD_PREFIXES = ("gis.io.", "python_calamine", "pyogrio", "shapely")


def _readers_loaded() -> tuple[str, ...]:
    """The readers this process has loaded (GDAL alone maps 80 MB): the worker loads them too before its limit
    is set, as a forked child inherits them, so that loading them does not count against a read's budget."""
    import sys

    return tuple(sorted(name for name in list(sys.modules) if "." not in name.removeprefix("gis.io.")
                        and name.startswith(PRELOAD_PREFIXES)))


def _preload(names: tuple[str, ...]) -> None:
    import importlib
    import sys

    for name in names:
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a read that needs it will say why
                log.debug("reader worker could not preload %s", name, exc_info=True)


def _reader_limits(names: tuple[str, ...]) -> dict[tuple[str, str], int | float]:
    """The limits of the gis.io readers as the caller has them (UPPER_CASE numbers, e.g. geo_budget.MAX_VERTICES):
    the worker reads with the same, as a forked child would."""
    import sys

    out = {}
    for name in names:
        module = sys.modules.get(name) if name.startswith("gis.io.") else None
        for key, value in (vars(module) if module is not None else {}).items():
            if key.isupper() and type(value) in (int, float):
                out[(name, key)] = value
    return out


def _set_limits(limits: dict[tuple[str, str], int | float]) -> None:
    import sys

    for (name, key), value in limits.items():
        module = sys.modules.get(name)
        if module is not None:
            setattr(module, key, value)


def _limit_memory(budget: int | None) -> None:
    if os.name == "nt":
        _job_limit(budget)
    else:
        _limit_address_space(budget)


# Windows: the worker in a Job object whose JOB_OBJECT_LIMIT_PROCESS_MEMORY caps the memory it commits
# (https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-jobobject_extended_limit_information).
_job = None  # the job's handle once the worker is in it; False when Windows refused (then budgets only)
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JobObjectExtendedLimitInformation = 9


def _job_structs():
    import ctypes

    class BasicLimit(ctypes.Structure):          # JOBOBJECT_BASIC_LIMIT_INFORMATION
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", ctypes.c_uint32), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", ctypes.c_uint32),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", ctypes.c_uint32),
                    ("SchedulingClass", ctypes.c_uint32)]

    class IoCounters(ctypes.Structure):          # IO_COUNTERS
        _fields_ = [(name, ctypes.c_uint64) for name in ("ReadOperationCount", "WriteOperationCount",
                    "OtherOperationCount", "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class ExtendedLimit(ctypes.Structure):       # JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        _fields_ = [("BasicLimitInformation", BasicLimit), ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    class MemoryCounters(ctypes.Structure):      # PROCESS_MEMORY_COUNTERS_EX
        _fields_ = [("cb", ctypes.c_uint32), ("PageFaultCount", ctypes.c_uint32)] + [
            (name, ctypes.c_size_t) for name in ("PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                                                 "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                                                 "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage",
                                                 "PrivateUsage")]

    return ExtendedLimit, MemoryCounters


def _job_limit(budget: int | None) -> None:
    """Put this process in a Job object (once) and set its memory limit to what it has committed now + budget
    (None: no limit). If Windows refuses (an old Windows where the process is already in a job), the reads
    go on with the budgets only, and the log says so."""
    global _job
    import ctypes

    if _job is False:
        return
    k32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = ctypes.c_void_p
    k32.CreateJobObjectW.restype = handle
    k32.CreateJobObjectW.argtypes = (ctypes.c_void_p, ctypes.c_wchar_p)
    k32.GetCurrentProcess.restype = handle
    k32.AssignProcessToJobObject.argtypes = (handle, handle)
    k32.SetInformationJobObject.argtypes = (handle, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32)
    k32.K32GetProcessMemoryInfo.argtypes = (handle, ctypes.c_void_p, ctypes.c_uint32)
    ExtendedLimit, MemoryCounters = _job_structs()
    if _job is None:
        job = k32.CreateJobObjectW(None, None)
        if not job or not k32.AssignProcessToJobObject(job, k32.GetCurrentProcess()):
            return _no_job(ctypes.get_last_error())
        _job = job
    info = ExtendedLimit()
    if budget is not None:
        counters = MemoryCounters()
        counters.cb = ctypes.sizeof(counters)
        if not k32.K32GetProcessMemoryInfo(k32.GetCurrentProcess(), ctypes.byref(counters), counters.cb):
            return _no_job(ctypes.get_last_error())
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
        info.ProcessMemoryLimit = counters.PrivateUsage + budget
    if not k32.SetInformationJobObject(_job, JobObjectExtendedLimitInformation, ctypes.byref(info),
                                       ctypes.sizeof(info)):
        _no_job(ctypes.get_last_error())


def _no_job(error: int) -> None:
    global _job
    log.warning("reader worker without a memory limit: Windows refused the Job object (error %d)", error)
    _job = False
