"""Where a batch's jobs run: the batch's own worker pool, or a caller's executor.

Both take ``(key, args)`` for :func:`~dlxh.render.jobrender.run_job` and give back outcomes
``(key, ok, value)``, so the batch does not care which it has. Only the own pool can stop a job
that passes its deadline (it kills the worker); on a caller's executor the job is reported
failed and left to the executor.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from typing import Any

from dlxh.quoting import cut
from dlxh.render.jobrender import JobFailedError, run_job
from dlxh.render.workers import Outcome, WorkerPool

__all__ = ["ExecutorRunner", "PoolRunner"]


class PoolRunner:
    """Jobs on the batch's own :class:`~dlxh.render.workers.WorkerPool`."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool

    @property
    def pending(self) -> int:
        return self.pool.pending

    def submit(self, key: int, args: tuple[Any, ...]) -> None:
        self.pool.submit(key, args)

    def wait(self) -> list[Outcome]:
        return self.pool.wait()

    def close(self, complete: bool) -> None:
        if complete:
            self.pool.close()
        else:
            self.pool.kill()


class ExecutorRunner:
    """Jobs on a caller's executor. A job past its deadline (counted from its submission) is
    failed and the batch goes on; its worker is the executor's, and is not stopped."""

    def __init__(self, executor: cf.Executor, timeout: float | None) -> None:
        self.executor = executor
        self.timeout = timeout
        self.futures: dict[cf.Future[Any], tuple[int, float]] = {}
        self.outcomes: list[Outcome] = []

    @property
    def pending(self) -> int:
        return len(self.futures)

    def submit(self, key: int, args: tuple[Any, ...]) -> None:
        try:
            future = self.executor.submit(run_job, *args)
        except Exception as exc:  # a broken executor fails each job, visibly
            self.outcomes.append((key, False, cut(f"{type(exc).__name__}: {exc}")))
            return
        self.futures[future] = (key, time.monotonic())

    def wait(self) -> list[Outcome]:
        while not self.outcomes and self.futures:
            delay = None
            if self.timeout:
                oldest = min(started for _, started in self.futures.values())
                delay = max(0.0, oldest + self.timeout - time.monotonic())
            finished, _ = cf.wait(list(self.futures), delay, cf.FIRST_COMPLETED)
            # in the order they were submitted (a set's order would make results shuffle)
            for future in [f for f in self.futures if f in finished]:
                key, _ = self.futures.pop(future)
                try:
                    self.outcomes.append((key, True, future.result()))
                except JobFailedError as exc:
                    self.outcomes.append((key, False, str(exc)))
                except Exception as exc:  # a worker crash, a cluster error
                    self.outcomes.append((key, False, cut(f"{type(exc).__name__}: {exc}")))
            if self.timeout:
                now = time.monotonic()
                for future, (key, started) in list(self.futures.items()):
                    if now - started >= self.timeout:
                        future.cancel()
                        del self.futures[future]
                        message = (
                            f"did not finish within {self.timeout:g} s (the executor's worker "
                            "may still be running it)"
                        )
                        self.outcomes.append((key, False, message))
        outcomes, self.outcomes = self.outcomes, []
        return outcomes

    def close(self, complete: bool) -> None:
        for future in self.futures:
            future.cancel()
