"""Child processes that die with their parent.

A batch's workers, its fork server and LibreOffice are children of the dlxh process. When that
process is killed (SIGTERM from a supervisor, SIGKILL from the OOM killer), children that outlive
it keep running, keep the machine busy and hold the parent's stdout open, so a caller waiting for
end of file hangs. On Linux the kernel can deliver a signal to a child the moment its parent dies
(``PR_SET_PDEATHSIG``); :func:`die_with_parent` asks for it in the child itself. Elsewhere it does
nothing, and the process-group clean-up of each caller is the only guard.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent thread exits; ``True``
    when the request was taken. Call it in the child (a ``preexec_fn``, a pool initializer).

    The parent may already have died between the fork and this call: the process then exits at
    once, as if the signal had been delivered, since nobody is left to wait for it.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # orphaned before the request took effect
        os._exit(1)
    return True
