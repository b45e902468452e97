"""The batch's own worker processes: a deadline for every job, and no process outliving the batch.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one job: a worker stuck in a template
(nested loops, a huge string) keeps its slot for ever, and killing it breaks the whole pool. So
:func:`~dlxh.render.render_many` runs its default pool here. Each worker takes one job at a time
over its own pipe, so the parent knows which job each worker is on and since when; a job past its
deadline has its worker killed (SIGKILL: a worker busy in C code holds the interpreter and cannot
be asked) and replaced, and the job fails with a :class:`~dlxh.render.JobError` while the batch
goes on. A worker that dies (a crash, the OOM killer, a memory limit) costs the job it was on and
is replaced the same way. An optional address-space limit per worker (``RLIMIT_AS``) turns a job
that would take the machine's memory into that job's ``MemoryError``.

Nothing outlives the parent, however it ends. Each worker asks the kernel for SIGKILL when its
parent dies (:func:`dlxh.lifeline.die_with_parent`, Linux), and watches a pipe whose only write
end the parent holds: when the parent is gone the read end reports end of file and the worker
exits (the fallback where there is no ``PR_SET_PDEATHSIG``). With ``forkserver`` the parent of a
worker is the fork server; workers drop their copy of the pipe that keeps the server alive, so
the server ends with the batch and its workers' parent-death signal fires. Workers ignore
SIGINT: Ctrl-C reaches the whole process group, and it is the parent's to handle (it kills its
workers and returns).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from dlxh.errors import DlxhError
from dlxh.lifeline import die_with_parent

__all__ = ["Outcome", "WorkerPool", "limit_memory", "worker_lifeline"]

Outcome = tuple[Any, bool, Any]
"""(key, ok, value): the function's result when ok, else the error message."""

STARTUP_SECONDS = 120.0
"""How long a new worker may take to start (import dlxh, load plugins) before it is replaced."""
_START_FAILURES = 5
"""Workers that die or hang before they are ready, in a row, before the batch gives up."""


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (where the platform allows)."""
    if not limit:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource  # noqa: PLC0415 (POSIX only)

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _watch_parent(parent: int) -> None:
    """Exit when the process that started this one is gone (its children are reparented)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def worker_lifeline() -> None:
    """Initializer for a ``ProcessPoolExecutor`` (:func:`~dlxh.render.process_pool`): the
    worker dies with the parent that started it and leaves Ctrl-C to the parent."""
    _ignore_sigint()
    die_with_parent()
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _leave_fork_server() -> None:
    """Drop this process's copy of the fork server's "alive" pipe.

    The fork server runs until every holder of that pipe's write end is gone, and hands a copy
    to each process it forks (so they could start processes of their own, which workers never
    do). With the copies dropped, the batch is the only holder: when it dies the server exits,
    and the workers, whose parent the server is, get their parent-death signal, even one busy
    in C code that its watchdog thread could not interrupt.
    """
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver  # noqa: PLC0415

        server: Any = forkserver._forkserver
        fd = server._forkserver_alive_fd
        if fd is not None:
            server._forkserver_alive_fd = None
            os.close(fd)


def _watch_pipe(alive: multiprocessing.connection.Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(1)


def _describe(message: BaseException) -> str:
    text = str(message)
    if isinstance(message, DlxhError):
        return text
    return f"{type(message).__name__}: {text}" if text else type(message).__name__


def _worker_main(
    conn: multiprocessing.connection.Connection,
    alive: multiprocessing.connection.Connection,
    inherited: list[int],
    memory_limit: int | None,
    function: Callable[..., Any],
) -> None:
    """A worker's life: wait for a job, run it, send back the outcome, until told to stop."""
    _ignore_sigint()
    die_with_parent()
    for fd in inherited:  # a forked worker's copies of the parent's ends
        with contextlib.suppress(OSError):
            os.close(fd)
    _leave_fork_server()
    threading.Thread(target=_watch_pipe, args=(alive,), daemon=True).start()
    limit_memory(memory_limit)
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            outcome: tuple[Any, ...] = ("done", True, function(*message))
        except MemoryError:
            with contextlib.suppress(Exception):
                conn.send(("done", False, "MemoryError: the job needs more memory than allowed"))
            os._exit(3)  # the process may be in no state to go on: a fresh one takes its place
        except BaseException as exc:  # SystemExit from a plugin is the job's error
            outcome = ("done", False, _describe(exc))
        conn.send(outcome)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Start a worker with SIGINT blocked (it ignores SIGINT once running): a Ctrl-C during
    its start-up must not print a traceback from a half-imported child."""
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _Slot:
    __slots__ = ("born", "conn", "key", "process", "ready", "started")

    def __init__(self, process: Any, conn: multiprocessing.connection.Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False
        self.key: Any = None
        self.born = time.monotonic()
        self.started = 0.0


def _exit_text(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit code {code}"


class WorkerPool:
    """``workers`` processes running ``function(*args)``, one job each at a time.

    ``submit(key, args)`` queues a job; ``wait()`` blocks until at least one job has an
    :data:`Outcome`. ``timeout`` (seconds, ``None`` for none) bounds each job from the moment
    its worker takes it; ``memory_limit`` (bytes) caps each worker's address space.
    """

    def __init__(
        self,
        function: Callable[..., Any],
        workers: int,
        *,
        start_method: str | None = None,
        timeout: float | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.function = function
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.context = multiprocessing.get_context(start_method)
        self.fork = self.context.get_start_method() == "fork"
        self.alive_r, self.alive_w = self.context.Pipe(duplex=False)
        self.queue: collections.deque[tuple[Any, tuple[Any, ...]]] = collections.deque()
        self.outcomes: list[Outcome] = []
        self.failures = 0
        self.slots: list[_Slot] = []
        try:
            for _ in range(max(1, workers)):
                self.slots.append(self._start())
        except BaseException:
            self.kill()
            raise

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        return len(self.queue) + sum(slot.key is not None for slot in self.slots)

    def _start(self) -> _Slot:
        parent_end, child_end = self.context.Pipe()
        inherited = []
        if self.fork:
            inherited = [self.alive_w.fileno(), parent_end.fileno()]
            inherited += [slot.conn.fileno() for slot in self.slots if not slot.conn.closed]
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child_end, self.alive_r, inherited, self.memory_limit, self.function),
            daemon=True,
            name="dlxh-batch-worker",
        )
        try:
            with _sigint_blocked():
                process.start()
        finally:
            child_end.close()
        return _Slot(process, parent_end)

    def submit(self, key: Any, args: tuple[Any, ...]) -> None:
        self.queue.append((key, args))
        self._dispatch()

    def _dispatch(self) -> None:
        for slot in self.slots:
            if not self.queue:
                return
            if not slot.ready or slot.key is not None:
                continue
            key, args = self.queue.popleft()
            try:
                slot.conn.send(args)
            except (OSError, EOFError):  # the worker died while idle: the job waits for another
                self.queue.appendleft((key, args))
                self._replace(slot, None)
                continue
            except Exception as exc:  # a context that cannot be pickled
                self.outcomes.append((key, False, f"cannot be sent to a worker: {_describe(exc)}"))
                continue
            slot.key, slot.started = key, time.monotonic()

    def wait(self) -> list[Outcome]:
        """Outcomes of finished jobs (at least one, if any is pending)."""
        while not self.outcomes and self.pending:
            self._dispatch()
            if self.outcomes:
                break
            waits = [self._deadline(slot) for slot in self.slots]
            deadlines = [d for d in waits if d is not None]
            delay = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            handles: list[Any] = [slot.conn for slot in self.slots]
            handles += [slot.process.sentinel for slot in self.slots]
            ready = set(multiprocessing.connection.wait(handles, delay))
            for slot in list(self.slots):
                if slot.conn in ready:
                    self._receive(slot)
                elif slot.process.sentinel in ready:
                    slot.process.join(1)
                    code = _exit_text(slot.process.exitcode)
                    self._replace(slot, f"its worker process stopped ({code})")
            self._expire()
        outcomes, self.outcomes = self.outcomes, []
        return outcomes

    def _deadline(self, slot: _Slot) -> float | None:
        if not slot.ready:
            return slot.born + STARTUP_SECONDS
        if slot.key is not None and self.timeout:
            return slot.started + self.timeout
        return None

    def _receive(self, slot: _Slot) -> None:
        try:
            message = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(1)
            reason = f"its worker process stopped ({_exit_text(slot.process.exitcode)})"
            self._replace(slot, reason)
            return
        if message[0] == "ready":
            slot.ready = True
            self.failures = 0
            return
        _, ok, value = message
        self.outcomes.append((slot.key, ok, value))
        slot.key = None

    def _expire(self) -> None:
        now = time.monotonic()
        for slot in list(self.slots):
            deadline = self._deadline(slot)
            if deadline is None or deadline > now:
                continue
            if slot.ready:
                self._replace(slot, f"took longer than {self.timeout:g} s; its worker was stopped")
            else:
                self._replace(slot, None)

    def _replace(self, slot: _Slot, reason: str | None) -> None:
        """Kill ``slot``'s worker; its job (if any) fails with ``reason``; start another."""
        if slot.key is not None:
            self.outcomes.append((slot.key, False, reason or "its worker process stopped"))
            slot.key = None
        if not slot.ready:
            self.failures += 1
        self._end(slot)
        if self.failures >= _START_FAILURES:
            code = _exit_text(slot.process.exitcode)
            raise DlxhError(f"batch worker processes do not start ({code}); see the messages above")
        self.slots[self.slots.index(slot)] = self._start()

    @staticmethod
    def _end(slot: _Slot) -> None:
        with contextlib.suppress(Exception):
            slot.process.kill()
        with contextlib.suppress(Exception):
            slot.process.join(2)
        with contextlib.suppress(Exception):
            slot.conn.close()

    def close(self) -> None:
        """Stop every worker once it is idle (all jobs are done)."""
        for slot in self.slots:
            with contextlib.suppress(Exception):
                slot.conn.send(None)
        deadline = time.monotonic() + 5
        for slot in self.slots:
            with contextlib.suppress(Exception):
                slot.process.join(max(0.0, deadline - time.monotonic()))
        self.kill()

    def kill(self) -> None:
        """Stop every worker now (an interrupted batch does not wait for its jobs)."""
        for slot in self.slots:
            self._end(slot)
        self.slots = []
        for end in (self.alive_w, self.alive_r):
            with contextlib.suppress(Exception):
                end.close()
