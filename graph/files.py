"""Writing files and folders so that a reader never sees half of one.

Two guarantees, at two sizes:

* :func:`write_atomic` writes one file: the bytes go to a temporary file in the
  same folder, are flushed to disk, and replace the target in one
  ``os.replace``.  A process killed mid-write leaves the previous file intact.
* :func:`publish_folder` replaces a whole folder of files at once: the new set
  is assembled in a sibling folder and the two are exchanged in one
  ``renameat2(RENAME_EXCHANGE)`` system call (Linux).  Until that call the
  target folder is exactly what it was; after it, exactly the new set.  Where
  the kernel or file system cannot exchange, two renames are used, and a build
  that dies between them is repaired by the next one (:func:`recover_folder`).

Files get the mode the user's umask gives any new file (``0644`` under the
usual ``022``), folders ``0755``: the exports are meant to be read by others.
Working folders are made with :func:`make_work_dir`, named after the process,
so that the next run deletes those a ``kill -9`` left behind.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO
from pathlib import Path

from .errors import ExportError

__all__ = ["write_atomic", "make_work_dir", "publish_folder", "recover_folder", "file_mode", "folder_mode", "atomic_writer"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new regular file gets under the current umask (``0o644`` under ``022``).

    Examples
    --------
    >>> old = os.umask(0o022); oct(file_mode()); _ = os.umask(old)
    '0o644'
    """
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """The mode a new folder gets under the current umask (``0o755`` under ``022``)."""
    return 0o777 & ~_umask()


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically; return the path.

    The file gets the mode the umask gives a new file, as ``open(path, "w")`` would.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_atomic(os.path.join(tempfile.mkdtemp(), "a", "b.txt"), "한국")
    >>> p.read_text(encoding="utf-8")
    '한국'
    >>> oct(p.stat().st_mode & 0o777) == oct(file_mode())
    True
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path) as fh:
        fh.write(payload)
    return Path(path)


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[BinaryIO]:
    r"""A binary file to stream into; it replaces ``path`` atomically when the block ends without an error.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "c.txt")
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write(b"one line\n")
    >>> open(target).read()
    'one line\n'
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write here ({exc.strerror}); choose another output path") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), file_mode())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: write failed ({exc.strerror}); the previous file is untouched") from None
        raise


def make_work_dir(parent: str | Path, prefix: str) -> Path:
    """Create ``parent/PREFIX-PID-random`` for this process, first deleting those of dead processes.

    The folder gets the umask's folder mode, so that whatever is built in it
    and later published keeps ordinary permissions.

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
    work = Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=parent))
    os.chmod(work, folder_mode())
    return work


def publish_folder(staging: str | Path, target: str | Path, *, carry: Iterable[str] = (),
                   before_swap: Callable[[], None] | None = None) -> None:
    """Make ``target`` hold exactly what ``staging`` holds, in one step; ``staging`` is consumed.

    Parameters
    ----------
    staging : a folder beside ``target`` (same file system) holding the new set.
    target : the folder to replace; created if missing.
    carry : paths relative to ``target`` of files to keep from the old set
        (hard-linked, or copied, into the new set before the exchange) — files
        the new set does not replace that are not the builder's to remove.
    before_swap : called after carrying, just before the exchange (a test hook).

    Raises
    ------
    ExportError
        if anything fails before the exchange; ``target`` is then untouched.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "out").mkdir(); _ = (root / "out" / "old.txt").write_text("old")
    >>> _ = (root / "out" / "notes.txt").write_text("mine")
    >>> new = root / ".new"; new.mkdir(); _ = (new / "a.txt").write_text("new")
    >>> publish_folder(new, root / "out", carry=["notes.txt"])
    >>> sorted(p.name for p in (root / "out").iterdir()), new.exists()
    (['a.txt', 'notes.txt'], False)
    """
    staging, target = Path(staging), Path(target)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: is a file, not a folder; choose another output folder")
    recover_folder(target)
    try:
        for rel in carry:
            src, dst = target / rel, staging / rel
            if dst.exists() or not src.is_file():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
        if before_swap is not None:
            before_swap()
    except OSError as exc:
        raise ExportError(f"{target}: could not assemble the new export set ({exc.strerror or exc}); "
                          "the previous exports are untouched") from None
    if not target.exists():
        os.rename(staging, target)
        return
    if not _exchange(staging, target):
        backup = target.with_name(f".{target.name}.previous")
        shutil.rmtree(backup, ignore_errors=True)
        os.rename(target, backup)       # a crash here leaves only the backup: recover_folder restores it
        os.rename(staging, target)
        staging = backup
    shutil.rmtree(staging, ignore_errors=True)   # now the previous set


def recover_folder(target: str | Path) -> None:
    """Undo half of a two-rename publish: restore ``.NAME.previous`` if ``target`` is missing."""
    target = Path(target)
    backup = target.with_name(f".{target.name}.previous")
    if backup.is_dir():
        if target.exists():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.rename(backup, target)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2``; ``False`` where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise ExportError(f"{b}: could not put the new export set in place ({os.strerror(err)}); "
                      "the previous exports are untouched")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True
