"""The one cache of the app: one computation per key, bounded, thread-safe, keyed by the database version."""

from __future__ import annotations

import threading
import time

import pytest

from ctdash.cache import DbRef, Memo, per_database


def test_one_computation_per_key_and_shared_result():
    calls = []
    db = DbRef("/x.duckdb", "v1")

    @per_database(maxsize=8)
    def square(db: DbRef, x: int) -> list[int]:
        calls.append(x)
        return [x * x]

    first = square(db, 3)
    assert square(db, 3) is first  # the same object, not a copy
    assert square(db, 4) == [16] and calls == [3, 4]


def test_the_database_version_is_part_of_every_key(tmp_path):
    """A rebuilt file (new version) or another file is never answered from an older entry."""
    calls = []

    @per_database(maxsize=8)
    def rows(db: DbRef, table: str) -> str:
        calls.append((db.version, table))
        return f"{db.path}:{db.version}:{table}"

    assert rows(DbRef("/a.duckdb", "v1"), "facts") == "/a.duckdb:v1:facts"
    assert rows(DbRef("/a.duckdb", "v2"), "facts") == "/a.duckdb:v2:facts"
    assert rows(DbRef("/b.duckdb", "v1"), "facts") == "/b.duckdb:v1:facts"
    assert rows(DbRef("/a.duckdb", "v1"), "facts") == "/a.duckdb:v1:facts"
    assert calls == [("v1", "facts"), ("v2", "facts"), ("v1", "facts")]
    path = tmp_path / "x.duckdb"
    path.write_bytes(b"one")
    before = DbRef.of(path)
    path.write_bytes(b"two, longer")
    assert DbRef.of(path).version != before.version


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
