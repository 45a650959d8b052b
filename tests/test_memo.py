"""The process-wide memo behind every cached view: one computation per key, bounded, thread-safe."""

from __future__ import annotations

import threading
import time

import pytest

from ctdash.memo import Memo, memo


def test_one_computation_per_key_and_shared_result():
    calls = []

    @memo(maxsize=8)
    def square(x: int) -> list[int]:
        calls.append(x)
        return [x * x]

    first = square(3)
    assert square(3) is first  # the same object, not a copy
    assert square(4) == [16] and calls == [3, 4]


def test_least_recently_used_entry_is_dropped_past_maxsize():
    calls = []
    m = Memo(lambda x: calls.append(x) or x, maxsize=2)
    m(1), m(2), m(1), m(3)  # 2 is now the least recently used
    assert len(m) == 2
    m(1)
    m(2)
    assert calls == [1, 2, 3, 2]


def test_errors_are_not_cached():
    attempts = []

    def flaky(x: int) -> int:
        attempts.append(x)
        if len(attempts) == 1:
            raise RuntimeError("first call fails")
        return x

    m = Memo(flaky)
    with pytest.raises(RuntimeError):
        m(1)
    assert m(1) == 1 and attempts == [1, 1]


def test_concurrent_first_calls_wait_for_one_computation():
    calls = []
    gate = threading.Event()

    def slow(x: int) -> int:
        calls.append(x)
        gate.wait(5)
        return x * 10

    m = Memo(slow)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(m(7))) for _ in range(6)]
    for th in threads:
        th.start()
    time.sleep(0.2)  # every thread is now inside m(7)
    gate.set()
    for th in threads:
        th.join(5)
    assert results == [70] * 6 and calls == [7]


def test_clear_forgets_everything():
    m = Memo(lambda x: object())
    a = m(1)
    m.clear()
    assert m(1) is not a
