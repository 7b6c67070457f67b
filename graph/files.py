"""Writing files so that a reader never sees half of one.

Every export goes through :func:`write_atomic`: the bytes go to a temporary
file in the same folder, are flushed to disk, and replace the target in one
``os.replace``.  A build killed mid-write leaves the previous file intact.
Working folders are made with :func:`make_work_dir`, named after the process,
so that the next run deletes those a ``kill -9`` left behind.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import ExportError

__all__ = ["write_atomic", "make_work_dir"]


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically; return the path.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_atomic(os.path.join(tempfile.mkdtemp(), "a", "b.txt"), "한국")
    >>> p.read_text(encoding="utf-8")
    '한국'
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write here ({exc.strerror}); choose another output path") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: write failed ({exc.strerror}); the previous file is untouched") from None
        raise
    return path


def make_work_dir(parent: str | Path, prefix: str) -> Path:
    """Create ``parent/PREFIX-PID-random`` for this process, first deleting those of dead processes.

    Examples
    --------
    >>> import tempfile
    >>> parent = Path(tempfile.mkdtemp())
    >>> (parent / ".stage-999999999-x").mkdir()          # left by a process that is gone
    >>> work = make_work_dir(parent, ".stage")
    >>> [p.name == work.name for p in parent.iterdir()]
    [True]
    """
    parent = Path(parent)
    for folder in parent.glob(f"{prefix}-*"):
        pid = folder.name[len(prefix) + 1:].split("-")[0]
        if folder.is_dir() and (not pid.isdigit() or not _running(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=parent))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True
