"""``patrolday serve`` as a browser (or anyone on the network) meets it.

It must listen on 127.0.0.1 unless told otherwise, and nothing a request sends may reach
the file system: request paths cannot name files outside the server's own assets, and the
command run for each browser is fixed when the server starts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux socket tables")

from conftest import FIXTURE  # noqa: E402

SECRET = "patrolday-secret-marker-4711"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp) of sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                address, hex_port = fields[1].split(":")
                if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    tmp_path = tmp_path_factory.mktemp("serve")
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    port = free_port()
    env = {**os.environ, "PATROLDAY_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "patrolday", "serve", "--port", str(port), "--no-log", str(FIXTURE)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not listening_addresses(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("patrolday serve did not start listening")
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_listens_on_localhost_only_by_default(server: int) -> None:
    assert listening_addresses(server) == {"0100007F"}  # 127.0.0.1, and nothing else


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """Send ``path`` as is (no normalising of '..' by the client)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/") else 0
    return status, raw


@pytest.mark.parametrize(
    "path",
    [
        "/secret.txt",
        "/../secret.txt",
        "/static/../secret.txt",
        "/static/../../secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static//etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/?path=secret.txt",
        "/ws?command=cat%20secret.txt",
    ],
)
def test_request_paths_cannot_name_files(server: int, path: str) -> None:
    status, raw = fetch(server, path)
    assert SECRET.encode() not in raw
    assert b"root:x:0:0" not in raw
    if status == 200:  # only the server's own page or assets may answer
        assert b"<html" in raw.lower() or b"text/css" in raw or b"javascript" in raw


def test_the_command_run_per_browser_is_fixed_at_start(server: int) -> None:
    """Every connection runs the same command: the page names no command a browser could change."""
    status, page = fetch(server, "/?command=rm%20-rf%20~&story=/etc")
    assert status == 200
    assert b"rm -rf" not in page and b"/etc" not in page
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.2:{server}/", timeout=2)  # not reachable elsewhere
