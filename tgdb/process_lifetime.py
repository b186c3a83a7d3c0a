"""Processes that end with the one that started them."""

import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def end_with_parent(sent: signal.Signals = signal.SIGTERM) -> None:
    """Have the kernel send `sent` to this process when the thread that started it ends (with
    its process, however that ends, killed outright included). Call it in the child: between
    fork and exec, or first thing after. Elsewhere than Linux it does nothing."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sent))
