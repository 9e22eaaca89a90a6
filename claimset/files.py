"""Writing files so that a crash, a full disk or a kill never leaves a half-written one behind.

Every output claimset writes (inputs it edits, exports, the rendered site, the dataset) goes to a
temporary name beside its target and is renamed into place, so readers see the old file or the new
one. Temporary names carry the writer's process id, so the next run can tell the debris of a dead
writer from the work of one still running, and remove only the former.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import Unreadable

TEMP_MARK = ".claimset-tmp-"
"""Part of every temporary name: ``.<target>.claimset-tmp-<pid>-<random>``."""


def temp_prefix(target: Path) -> str:
    return f".{target.name}{TEMP_MARK}{os.getpid()}-"


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and one rename."""
    target = Path(target)
    remove_stale(target.parent, target.name)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(target))
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def alive(pid: int) -> bool:
    """Whether process ``pid`` is still running (so its temporary files are not debris yet)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        pass
    return True


def remove_stale(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files and folders left in ``folder`` (for target ``name``, or for any target) by
    writers that are no longer running."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(f".{name}{TEMP_MARK}" if name is not None else ".") or TEMP_MARK not in path.name:
            continue
        pid = path.name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def read_only(path: Path) -> bool:
    """Whether ``path`` (a file or folder) is marked read-only: no write permission bit for anyone.

    Checked by mode bits, not ``os.access``, because root may write anything: a folder a user marked
    read-only is a decision to respect, whoever runs the command.
    """
    try:
        return path.exists() and not (path.stat().st_mode & 0o222)
    except OSError:
        return False


FIXES = {
    errno.ENOSPC: "free some disk space and run it again",
    errno.EDQUOT: "free some of your disk quota and run it again",
    errno.EFBIG: "the file size limit (ulimit -f) is too small; raise it and run it again",
    errno.EROFS: "the file system is read-only; choose a writable location",
    errno.EACCES: "check the permissions, or choose a location you can write to",
    errno.EPERM: "check the permissions, or choose a location you can write to",
    errno.ENAMETOOLONG: "use a shorter name",
    errno.ENOENT: "check that the path exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
    errno.EISDIR: "the path is a folder; give a file name",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n) and run it again",
    errno.EIO: "the device reported an input/output error; check the disk",
}


def cannot_read(path: Path, exc: OSError) -> str:
    """An operating-system error on reading ``path``, as one line with the fix."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path} cannot be read (permission denied); check its permissions (chmod u+r) or run as its owner"
    return f"{path} cannot be read ({exc.strerror or type(exc).__name__}); check the path and the disk"


def read_input(path: Path) -> bytes:
    """An input file's bytes; Unreadable (one line with the fix, exit status 2) when it cannot be read —
    unreadable input is not a problem of the data (exit status 1)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Unreadable(cannot_read(path, exc)) from None


def describe_os_error(exc: OSError) -> str:
    """An operating-system error as one line: what failed, on which path, and what to do."""
    reason = exc.strerror or type(exc).__name__
    fix = FIXES.get(exc.errno, "check the path and its permissions")
    return f"{reason}; {fix}" if exc.filename is None else f"cannot use {exc.filename}: {reason}; {fix}"


def repository_of(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds claimset inputs (``sources/``) or a git repository."""
    for folder in [path, *path.parents]:
        if (folder / "sources").is_dir() or (folder / ".git").exists():
            return folder
    return None


def dataset_of(path: Path) -> Path | None:
    """The published dataset folder (the one holding ``contract.json``) at or above ``path``, if any."""
    for folder in [path, *path.parents]:
        if (folder / "contract.json").is_file() and (folder / "data").is_dir():
            return folder
    return None


def unsafe_output(output: Path, reading: Path, kind: str) -> str | None:
    """Why claimset must not write ``output`` (a file, or with ``kind`` "site" a folder), or None.

    Nothing is written inside the inputs (``sources/``, ``speakers.yaml``, ``verdicts.yaml``, ``.git`` of
    the repository around the current folder or the data being read) or inside a published dataset (the
    one being read, or any folder holding ``contract.json``); a site folder is never the current folder,
    a repository root, or any folder that holds one of those; and nothing marked read-only is replaced.
    """
    out = output.resolve()
    cwd = Path.cwd().resolve()
    reading = reading.resolve()
    roots = {r for r in (repository_of(a) for a in (cwd, reading)) if r is not None}
    places = {cwd: "the current folder", reading: "the data being read"}
    places.update({r: "a repository" for r in roots})
    inputs = {p: "claimset's inputs" for r in roots
              for p in (r / "sources", r / "speakers.yaml", r / "verdicts.yaml", r / ".git")}
    datasets = {d: "a published dataset" for d in (dataset_of(a) for a in (cwd, reading, out)) if d is not None}
    if reading.is_dir():
        datasets[reading] = "the dataset being read"
    for place, what in sorted({**inputs, **datasets}.items()):
        if out == place or out.is_relative_to(place):
            where = f"is {what}" if out == place else f"is inside {what} ({place})"
            return f"{out} {where}; write elsewhere"
    if kind == "site":
        for place, what in sorted({**places, **inputs, **datasets}.items()):
            if out == place:
                return f"{out} is {what}; render into a folder of its own, e.g. -o site"
            if out in place.parents:
                return f"{out} holds {what} ({place}); render into a folder of its own, e.g. -o site"
    target = out if out.exists() else out.parent
    if read_only(target):
        return f"{target} is read-only; make it writable (chmod u+w) or write elsewhere"
    return None
