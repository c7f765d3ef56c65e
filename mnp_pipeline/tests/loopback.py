"""What the tests that start real servers on loopback share."""

from __future__ import annotations

import socket
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def log_tail(base: Path, *names: str, size: int = 2000) -> str:
    """The end of each of a server's log files that exists, for a failure message."""
    texts = [(base / name).read_text(errors="replace")[-size:] for name in names if (base / name).exists()]
    return " | ".join(texts) or "(no log)"
