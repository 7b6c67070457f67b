"""Small helpers for the heavy stages of a build.

Examples
--------
>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import time
from collections.abc import Callable, Iterator

from .errors import ExportError

__all__ = ["gc_paused", "Forked"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    For code that builds millions of small dicts, sets and lists that hold no
    reference cycles: the collector would walk them again and again as they
    grow (up to half the time of building a large index), and reference
    counting frees them anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Forked:
    """Run ``job`` in a forked process beside this one; :meth:`join` returns the text it returned.

    On two cores the job costs no wall time while this process works on.  The
    child shares this process's memory copy-on-write and should only read it;
    what it adds is let go entirely when it ends, instead of staying in this
    process's heap.  The objects alive
    before the fork are frozen (:func:`gc.freeze`), so the child's collector
    does not touch — and copy — their pages.  The child dies with its parent
    (``PR_SET_PDEATHSIG``), so a killed build leaves no writer behind; a failure
    comes back from :meth:`join` as :class:`~graph.errors.ExportError` with the
    child's message; :meth:`stop` ends a child that is no longer wanted (a build
    that failed meanwhile).  Where ``fork`` is missing the job simply runs here.

    Examples
    --------
    >>> Forked(lambda: str(6 * 7)).join()
    '42'
    >>> Forked(lambda: 1 / 0, "the divider").join()
    Traceback (most recent call last):
    ...
    graph.errors.ExportError: the divider failed: division by zero
    """

    def __init__(self, job: Callable[[], str], name: str = "the second process"):
        self.name = name
        self.began, self.seconds, self.pid = time.perf_counter(), 0.0, None
        if not hasattr(os, "fork"):
            self.answer = job()
            self.seconds = time.perf_counter() - self.began
            return
        _give_back_free_memory()
        gc.freeze()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # the child: do the job, report, and leave at once
            os.close(read)
            status, answer = 0, ""
            try:
                _die_with_parent()
                answer = job()
            except BaseException as exc:               # noqa: BLE001 - everything goes back to the parent
                answer, status = f"{name} failed: {str(exc) or type(exc).__name__}", 1
            finally:
                os.write(write, answer.encode("utf-8", "replace"))
                os._exit(status)
        gc.unfreeze()
        os.close(write)
        self.pid, self.pipe = pid, read

    def join(self) -> str:
        if self.pid is not None:
            with os.fdopen(self.pipe, "rb") as fh:
                self.answer = fh.read().decode("utf-8", "replace")
            _, status = os.waitpid(self.pid, 0)
            self.pid, self.seconds = None, time.perf_counter() - self.began
            if status != 0:
                raise ExportError(self.answer or f"{self.name} stopped ({os.waitstatus_to_exitcode(status)}); "
                                  "nothing was written")
        return self.answer

    def stop(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(self.pipe)
            self.pid = None


def _give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; a no-op elsewhere).

    Called before a fork: pages this process freed but kept would be shared
    with the child, and the first of the two to reuse one would copy it.
    """
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
