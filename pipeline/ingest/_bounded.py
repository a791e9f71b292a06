"""Run a reader's risky step (a PDF library's C code) in a forked child, within bounds.

A hostile file can make a library loop for hours (nested form XObjects) or allocate gigabytes
(a decompression bomb) inside one C call, which no check in this process could interrupt. So the
work runs in a child of this process that sends its results one step (one page) at a time:

- each step may use `step_seconds` of CPU (RLIMIT_CPU, re-armed after every step) and the whole
  work `total_seconds`; a child stalled for six times the step's allowance of wall time is
  killed;
- the child may use `memory_bytes` of data beyond what this process held when it forked
  (RLIMIT_DATA), writes no core file, and dies with its parent;
- its stderr goes to /dev/null, so a library's log lines never reach the user on success.

Where `os.fork` does not exist the work runs in this process, unbounded.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import select
import signal
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Send = Callable[[object], None]


@dataclass(frozen=True)
class Bounds:
    step_seconds: float
    total_seconds: float
    memory_bytes: int


class Stopped(Exception):
    """The child ended before its work did: `why` is "time", "memory" or "crash"; `steps` is
    how many results it had sent."""

    def __init__(self, why: str, steps: int, detail: str = "") -> None:
        super().__init__(f"{why} after {steps} steps {detail}".strip())
        self.why, self.steps, self.detail = why, steps, detail


class Failed(Exception):
    """The work raised an exception in the child: its type and message."""


_HEADER = struct.Struct("!I")


def run(work: Callable[[Send], None], bounds: Bounds) -> Iterator[object]:
    """Every object `work` passes to its `send`, in order, as it arrives. Raises Failed if the
    work raised, Stopped if a bound stopped it. Closing the iterator early kills the child."""
    if not hasattr(os, "fork"):
        results: list[object] = []
        work(results.append)
        yield from results
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, write_end, bounds)
    os.close(write_end)
    steps, ended = 0, ""
    try:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while not ended:
                try:
                    message = _receive(pipe, bounds.step_seconds * 6)
                except TimeoutError:
                    ended = "stalled"
                    break
                if message is None:
                    ended = "died"
                    break
                kind, payload = message
                if kind == "result":
                    steps += 1
                    yield payload
                else:
                    ended = kind
                    if kind == "failed":
                        raise Failed(payload)
    finally:
        if ended not in ("done", "failed"):
            _kill(pid)  # stalled, died, or the caller stopped reading
        status = _reap(pid)
    if ended == "stalled":
        raise Stopped("time", steps)
    if ended == "died":
        raise _why(status, steps)


def _receive(pipe, seconds: float) -> tuple[str, object] | None:
    header = _read_exactly(pipe, _HEADER.size, seconds)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    body = _read_exactly(pipe, size, seconds)
    if body is None:
        return None
    return pickle.loads(body)


def _read_exactly(pipe, size: int, seconds: float) -> bytes | None:
    """`size` bytes from the pipe, None at its end; TimeoutError if nothing comes for `seconds`."""
    data = bytearray()
    while len(data) < size:
        ready, _, _ = select.select([pipe], [], [], seconds)
        if not ready:
            raise TimeoutError
        chunk = pipe.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue


def _why(status: int, steps: int) -> Stopped:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return Stopped("time", steps)
        return Stopped("crash", steps, signal.Signals(sig).name)  # SIGABRT: most often memory
    return Stopped("crash", steps, f"exit status {os.WEXITSTATUS(status)}")


def _child(work: Callable[[Send], None], fd: int, bounds: Bounds) -> None:
    code = 0
    try:
        _harden(bounds)
        started = _cpu()

        def send(obj: object) -> None:
            _write(fd, ("result", obj))
            used = _cpu()
            _limit_cpu(min(used + bounds.step_seconds, started + bounds.total_seconds))

        _limit_cpu(started + bounds.step_seconds)
        work(send)
        _write(fd, ("done", None))
    except MemoryError:
        code = _tell(fd, "MemoryError: out of memory")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        code = _tell(fd, _chain(exc))
    finally:
        os._exit(code)


def _chain(exc: BaseException | None) -> str:
    """An exception and what caused it ("PdfminerException: ... <- PDFPasswordIncorrect: ...")."""
    names = []
    while exc is not None and len(names) < 8:
        names.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or exc.__context__
    return " <- ".join(names)


def _tell(fd: int, text: str) -> int:
    try:
        _write(fd, ("failed", text))
        return 0
    except BaseException:  # noqa: BLE001
        return 1


def _write(fd: int, message: tuple[str, object]) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = _HEADER.pack(len(body)) + body
    while data:
        data = data[os.write(fd, data):]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _limit_cpu(until: float) -> None:
    soft = int(until) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _harden(bounds: Bounds) -> None:
    """No core files, bounded data, death with the parent, stderr to /dev/null."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    in_use = _data_in_use()
    if in_use and hasattr(resource, "RLIMIT_DATA"):  # where VmData is not known, no limit is set
        limit = in_use + bounds.memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard == resource.RLIM_INFINITY or limit < hard:
            try:
                resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
            except (ValueError, OSError):
                pass
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (AttributeError, OSError):
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)


def _data_in_use() -> int:
    """This process's data segment (VmData), which RLIMIT_DATA counts; 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

