"""Large batches without the cyclic garbage collector rescanning what they read.

A national month is some three million Python objects once loaded (reports, items, their
fields). CPython's cyclic collector scans every tracked object at each full collection, and a
batch that allocates as much as a synthesis triggers one every few hundred thousand
allocations: measured on a national month, selecting the reports took 6.9 s with the loaded
data scanned over and over, and 1.9 s without. ``gc.freeze()`` moves the objects that exist
now to a permanent generation the collector skips; memory is still freed by reference
counting as usual, and ``gc.unfreeze()`` hands them back afterwards.

An application that froze its own heap already (a web server preloading before it forks, to
keep pages shared) is left alone: unfreezing would undo its choice.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["no_cycle_collection", "settled", "settled_heap"]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def settled_heap() -> Iterator[None]:
    """Freeze the objects that exist on entry for the duration of the block (see above)."""
    if gc.get_freeze_count() or not gc.isenabled():
        yield  # the application manages the collector itself
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settled(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` inside :func:`settled_heap`."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with settled_heap():
            return function(*args, **kwargs)

    return run


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is built.

    Validating 300,000 records allocates millions of objects that all stay alive, and each
    allocation burst starts a collection that walks every live object again: about a third of
    the loading time of a national month went there. The records hold no cycles to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # Straight into the oldest generation: the first collection after this would
            # otherwise walk every object just built (seconds for a national month) only to
            # find them all alive. ``unfreeze`` puts frozen objects into the oldest
            # generation, where they are collected as usual; an application's own frozen
            # objects (a pre-forking server's) are left alone.
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
