"""Content-addressed cache of numpy artefacts under ``media/cache/``.

Every artefact a scene needs is computed once by the engine and stored as an
``.npz`` whose name is a hash of its full config plus :data:`ENGINE_VERSION`.

Guarantees:

* writes are atomic (temporary file in the same folder, fsync, ``os.replace``),
  so a crash or SIGKILL never leaves a half-written entry under the real name;
* a checksum of every array is stored inside the file and verified on load;
  a truncated or bit-flipped file is detected, deleted and recomputed;
* loads use ``allow_pickle=False``;
* a per-key lock file makes a second process wait for the first one's result
  instead of computing the same thing twice;
* if the write fails (full disk, read-only folder) the old entry, if any, stays
  intact and the freshly computed value is still returned.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from engine import ENGINE_VERSION, check_reproducible
from engine.errors import ConfigError

__all__ = ["cache_dir", "cache_key", "cached", "entries", "clear", "CacheEntry", "STATS"]

Arrays = dict[str, np.ndarray]
_CHECK = "__checksum__"
_META = "__key__"

# Counters for the benchmark: how much time went into computing vs loading.
STATS = {"hits": 0, "misses": 0, "compute_s": 0.0, "load_s": 0.0}
_depth = 0

# The repository root, found from this file, so no absolute path is written anywhere.
_ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    """``$DEEPWARP_CACHE`` if set, else ``<repo>/media/cache``."""
    env = os.environ.get("DEEPWARP_CACHE")
    return Path(env) if env else _ROOT / "media" / "cache"


def _canonical(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _canonical(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_canonical(v) for v in obj]
    if isinstance(obj, float):
        return repr(obj)  # exact, and 0.1 != 0.1000001
    if isinstance(obj, (np.integer, np.floating)):
        return _canonical(obj.item())
    return obj


def cache_key(kind: str, key: Mapping[str, Any]) -> str:
    """Hash of the artefact kind, its full config and the engine version."""
    blob = json.dumps(
        {"kind": kind, "engine": ENGINE_VERSION, "key": _canonical(key)}, sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def _checksum(arrays: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype).encode())
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _load(path: Path) -> Arrays | None:
    """The arrays in ``path``, or None if the file is missing or damaged."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError):
        return None
    stored = arrays.pop(_CHECK, None)
    arrays.pop(_META, None)
    if stored is None or str(stored) != _checksum(arrays):
        return None
    return arrays


def _write_atomic(path: Path, arrays: Arrays, meta: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            payload = dict(arrays)
            payload[_CHECK] = np.array(_checksum(arrays))
            payload[_META] = np.array(meta)
            np.savez(f, **payload)  # type: ignore[arg-type]
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_suffix(".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield  # an unwritable folder: go on without the lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def cached(
    kind: str,
    key: Mapping[str, Any],
    compute: Callable[[], Mapping[str, np.ndarray]],
    *,
    directory: Path | None = None,
) -> Arrays:
    """Return ``compute()``'s arrays, from the cache when possible.

    Parameters
    ----------
    kind
        A short name for the artefact type (part of the file name), e.g. ``"fit"``.
    key
        Everything the result depends on (configs as dicts, seeds, options).
    compute
        Called on a miss; must return a mapping of names to numpy arrays.
    directory
        Overrides :func:`cache_dir` (tests use ``tmp_path``).
    """
    if not kind.isidentifier():
        raise ConfigError(f"cache kind {kind!r}; allowed: a Python identifier")
    folder = directory if directory is not None else cache_dir()
    path = folder / f"{kind}-{cache_key(kind, key)}.npz"
    t0 = time.perf_counter()
    hit = _load(path)
    if hit is not None:
        STATS["hits"] += 1
        STATS["load_s"] += time.perf_counter() - t0
        return hit
    STATS["misses"] += 1
    global _depth
    t0 = time.perf_counter()
    _depth += 1
    try:
        return _compute_and_store(kind, key, compute, folder, path)
    finally:
        _depth -= 1
        if _depth == 0:  # artefacts built from other artefacts count once
            STATS["compute_s"] += time.perf_counter() - t0


def _compute_and_store(
    kind: str,
    key: Mapping[str, Any],
    compute: Callable[[], Mapping[str, np.ndarray]],
    folder: Path,
    path: Path,
) -> Arrays:
    check_reproducible()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        warnings.warn(f"cache folder {folder} is not writable ({e}); not caching", stacklevel=2)
        return {k: np.asarray(v) for k, v in compute().items()}
    with _locked(path):
        hit = _load(path)  # another process may have finished it while we waited
        if hit is not None:
            return hit
        arrays = {k: np.asarray(v) for k, v in compute().items()}
        for name, a in arrays.items():
            if a.dtype == object:
                raise TypeError(f"cache artefact {kind}: array {name!r} has dtype object")
        meta = json.dumps({"kind": kind, "key": _canonical(key)}, sort_keys=True)
        try:
            _write_atomic(path, arrays, meta)
        except OSError as e:
            warnings.warn(f"could not write cache entry {path.name} ({e})", stacklevel=2)
        # Return what a later load returns, so first and warm renders agree exactly.
        return {k: np.array(v) for k, v in arrays.items()}


class CacheEntry:
    """One file in the cache folder, for ``python -m engine cache ls``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.kind = path.name.split("-", 1)[0]
        self.ok = _load(path) is not None


def entries(directory: Path | None = None) -> list[CacheEntry]:
    folder = directory if directory is not None else cache_dir()
    if not folder.is_dir():
        return []
    return [CacheEntry(p) for p in sorted(folder.glob("*.npz"))]


def clear(directory: Path | None = None) -> int:
    """Delete every entry (and stale temp/lock files); returns how many entries."""
    folder = directory if directory is not None else cache_dir()
    if not folder.is_dir():
        return 0
    n = 0
    for p in folder.iterdir():
        if p.suffix in (".npz", ".tmp", ".lock"):
            if p.suffix == ".npz":
                n += 1
            with contextlib.suppress(OSError):
                p.unlink()
    return n
