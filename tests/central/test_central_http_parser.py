"""The central's uvicorn parses HTTP with httptools (C), never h11 (pure Python), in every serving
process: ``kiosk central serve`` and :func:`~kiosk.central.server.start_in_thread` alike
(:data:`kiosk.central.server.HTTP_PARSER`; h11 was about a third of a push's CPU in a worker)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from kiosk.central import server
from kiosk.central.settings import CentralSettings


def test_a_running_central_parses_with_httptools_and_answers(make_central) -> None:
    central = make_central("sqlite")
    protocol = central.running._server.config.http_protocol_class
    assert protocol.__module__ == "uvicorn.protocols.http.httptools_impl"
    assert httpx.get(f"{central.url}/api/v1/health").json() == {"status": "ok"}


def test_a_body_sent_in_pieces_is_read_whole(make_central) -> None:
    """A request line, headers and body split across writes (and a chunked body) reach the app
    whole: the parser hands the body over piece by piece and the route must still see all of it."""
    central = make_central("sqlite")
    host, port = central.url.removeprefix("http://").split(":")
    body = b'{"code": "' + b"x" * 5000 + b'", "kiosk_name": "a"}'
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 999]), body[i : i + 999])
        for i in range(0, len(body), 999)
    )
    request = (
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked + b"0\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        for start in range(0, len(request), 700):
            sock.sendall(request[start : start + 700])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = answer.split(b"\r\n", 1)[0]
    # the whole JSON was parsed and validated: the code is refused as unknown, not as malformed
    assert status in (b"HTTP/1.1 403 Forbidden", b"HTTP/1.1 422 Unprocessable Entity"), answer
    assert b"json_invalid" not in answer and b"JSON decode" not in answer


def test_serve_names_httptools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    monkeypatch.setattr(server.malloc_tuning, "tune", lambda: None)  # not in the test process
    monkeypatch.setattr(server, "tune_collector", lambda: None)
    monkeypatch.setattr("kiosk.logs.setup", lambda *args, **kwargs: tmp_path / "central.log")
    settings = CentralSettings(
        data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'central.sqlite3'}"
    )
    assert server.serve(settings, port=0) == 0
    assert seen["http"] == server.HTTP_PARSER == "httptools"
    config = uvicorn.Config(lambda: None, http=seen["http"])
    config.load()
    assert config.http_protocol_class.__module__ == "uvicorn.protocols.http.httptools_impl"
