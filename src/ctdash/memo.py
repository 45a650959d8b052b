"""A bounded, thread-safe, process-wide memo for results that callers treat as read-only.

Why not `st.cache_data`: it pickles every result in and out, so a rerun paid for copying frames
and figures it had already built. Why not `st.cache_resource`: its per-call hashing and
bookkeeping cost more than the dictionary lookup a rerun needs. Keys are the function's
arguments (hashable: filters as tuples, the database version string), so two sessions with
different filters never share an entry, and a rebuilt database changes every key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import Generic, TypeVar

T = TypeVar("T")


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
        with self._lock:
            if args in self._data:
                self._data.move_to_end(args)
                return self._data[args]
            key_lock = self._pending.setdefault(args, threading.Lock())
        with key_lock:
            with self._lock:
                if args in self._data:  # another thread computed it while this one waited
                    return self._data[args]
            try:
                value = self.fn(*args)
            except BaseException:
                with self._lock:
                    self._pending.pop(args, None)
                raise
            with self._lock:
                self._data[args] = value
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
                self._pending.pop(args, None)
        return value

    def __contains__(self, args: tuple) -> bool:
        """Whether `fn(*args)` is already computed (so a caller can show a spinner otherwise)."""
        with self._lock:
            return args in self._data

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def memo(maxsize: int = 256) -> Callable[[Callable[..., T]], Memo[T]]:
    """Decorator form of `Memo`."""
    return lambda fn: Memo(fn, maxsize)
