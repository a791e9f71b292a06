"""The bounded child process that PDF pages are read in (pipeline/ingest/_bounded.py)."""

from __future__ import annotations

import os
import time
from contextlib import closing

import pytest

from pipeline.ingest._bounded import Bounds, Failed, Stopped, run

BOUNDS = Bounds(step_seconds=1, total_seconds=5, memory_bytes=256 << 20)


def test_results_arrive_in_order_and_the_child_is_reaped():
    def work(send):
        for i in range(5):
            send(("page", i, "text " * i))

    assert list(run(work, BOUNDS)) == [("page", i, "text " * i) for i in range(5)]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_an_exception_in_the_child_comes_back_with_its_cause():
    def work(send):
        send(1)
        try:
            raise KeyError("inner")
        except KeyError as exc:
            raise ValueError("outer") from exc

    results = run(work, BOUNDS)
    assert next(results) == 1
    with pytest.raises(Failed, match="ValueError: outer <- KeyError: 'inner'"):
        next(results)


def test_a_step_that_spins_is_stopped_by_its_cpu_allowance():
    def work(send):
        send("opened")
        while True:
            pass

    started = time.monotonic()
    with pytest.raises(Stopped) as stopped:
        list(run(work, BOUNDS))
    assert stopped.value.why == "time" and stopped.value.steps == 1
    assert time.monotonic() - started < 30


def test_a_step_that_allocates_without_end_is_stopped_by_its_memory_allowance():
    def work(send):
        hoard = []
        while True:
            hoard.append(bytearray(16 << 20))

    with pytest.raises(Failed, match="MemoryError"):
        list(run(work, BOUNDS))


def test_a_reader_that_stops_early_kills_the_child():
    def work(send):
        for i in range(10**9):
            send(i)

    with closing(run(work, BOUNDS)) as results:
        assert next(results) == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
