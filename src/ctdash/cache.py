"""The app's one caching decorator: `per_database`, a bounded, thread-safe, process-wide memo
whose key is the database's (version, path) and the call's other arguments.

The decorated function takes a `DbRef` first; the decorator adds its version and path to the key
itself, so a rebuilt database file is never answered from an older one's entries and no caller
keys a cache by hand. Results are shared between sessions and must be treated as read-only.

Why not `st.cache_data`: it pickles every result in and out, so a rerun paid for copying frames
and figures it had already built. Why not `st.cache_resource`: its per-call hashing and
bookkeeping cost more than the dictionary lookup a rerun needs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import update_wrapper
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from ctdash.db import file_version

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class DbRef:
    """A database file and its version (read from the file once per run): what every cached
    result is keyed by, and what a query opens its read-only connection on."""

    path: str
    version: str

    @classmethod
    def of(cls, path: Path | str) -> DbRef:
        return cls(str(path), file_version(Path(path)))


class Memo(Generic[T]):
    """`fn(*args)` computed once per distinct `args` (least recently used entries dropped past
    `maxsize`); concurrent first calls with the same args wait for one computation."""

    def __init__(self, fn: Callable[..., T], maxsize: int = 256) -> None:
        self.fn = fn
        self.maxsize = maxsize
        self._data: OrderedDict[tuple, T] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[tuple, threading.Lock] = {}
        update_wrapper(self, fn)

    def __call__(self, *args: Hashable) -> T:
        return self.get(args, lambda: self.fn(*args))

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The entry for `key`, computed by `compute()` once."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            key_lock = self._pending.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:  # another thread computed it while this one waited
                    return self._data[key]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._pending.pop(key, None)
                raise
            with self._lock:
                self._data[key] = value
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
                self._pending.pop(key, None)
        return value

    def __contains__(self, key: tuple) -> bool:
        """Whether the entry for `key` is already computed (so a caller can show a spinner)."""
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class PerDatabase(Generic[P, T]):
    """`fn(db, *args)` memoised by (db.version, db.path, *args)."""

    def __init__(self, fn: Callable[Concatenate[DbRef, P], T], maxsize: int) -> None:
        self.fn = fn
        self.memo: Memo[T] = Memo(fn, maxsize)
        update_wrapper(self, fn)

    def __call__(self, db: DbRef, *args: P.args, **kwargs: P.kwargs) -> T:
        key: tuple[Any, ...] = (db.version, db.path, *args, *sorted(kwargs.items()))
        return self.memo.get(key, lambda: self.fn(db, *args, **kwargs))

    def __len__(self) -> int:
        return len(self.memo)

    def clear(self) -> None:
        self.memo.clear()


def per_database(maxsize: int = 256) -> Callable[[Callable[Concatenate[DbRef, P], T]], PerDatabase[P, T]]:
    """Decorator: memoise `fn(db: DbRef, *args)` by the database's version and path and `args`."""
    return lambda fn: PerDatabase(fn, maxsize)
