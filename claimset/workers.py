"""Worker processes that never outlive the command that started them."""
from __future__ import annotations

import os
import sys


def die_with(parent: int) -> None:
    """Make this worker exit when the build process ``parent`` dies, even by kill -9: it would otherwise
    keep computing for nobody, holding the cache's lock.

    On Linux the kernel kills it at once (``PR_SET_PDEATHSIG``); everywhere, a watchdog thread exits when
    the worker is handed to another parent (checked every half second).
    """
    import signal
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the build died before the signal was asked for
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="claimset-watchdog", daemon=True).start()
