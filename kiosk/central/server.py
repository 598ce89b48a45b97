"""Running the central: :func:`serve` (the ``kiosk central serve`` command) and
:func:`start_in_thread` (a real uvicorn server on loopback for tests, benches and demos).

TLS: pass ``ssl_certfile``/``ssl_keyfile`` (uvicorn's own options; ``ssl_keyfile_password`` for an
encrypted key), e.g. ``kiosk central serve --host 0.0.0.0 --port 8443 --ssl-certfile
/etc/kiosk/central.crt --ssl-keyfile /etc/kiosk/central.key``. Kiosks then use
``https://host:8443``. Behind a TLS-terminating load balancer run without them on a private port.
The pin of the certificate served (:mod:`kiosk.security.tlspin`) goes into the console's
enrolment links (``CentralSettings.tls_pin``; behind a proxy set ``$KIOSK_CENTRAL_TLS_PIN`` to the
pin of the proxy's certificate).

Memory: each serving process tunes glibc's allocator first (:mod:`kiosk.central.malloc_tuning`:
two arenas, large buffers mapped on their own, free pages trimmed every few seconds); a storm's
page batches otherwise left the RSS at its high-water mark.

Several processes: start one ``serve`` per core/host with the same ``--database-url`` (PostgreSQL)
and the same ``--data-dir`` (shared folder: key and pages); migrations take an advisory lock.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.central import admission_board, malloc_tuning
from kiosk.central.settings import CentralSettings

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


@dataclass
class RunningCentral:
    """A central serving in a background thread. ``url`` has no trailing slash."""

    url: str
    settings: CentralSettings
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> RunningCentral:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def with_tls_pin(settings: CentralSettings, ssl_certfile: str | None) -> CentralSettings:
    """``settings`` with the pin of the certificate served, unless a pin is configured."""
    if settings.tls_pin or not ssl_certfile:
        return settings
    from kiosk.security.tlspin import pin_of_pem

    return replace(settings, tls_pin=pin_of_pem(Path(ssl_certfile).read_bytes()))


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart on the same port
    # Accepted connections inherit this on Linux. Without it, uvicorn on a pre-bound socket
    # answered every request ~40 ms late (Nagle + delayed ACK: headers and body go separately).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def start_in_thread(
    database_url: str,
    storage_dir: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    settings: CentralSettings | None = None,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    access_log: bool = False,
    startup_timeout: float = 30.0,
) -> RunningCentral:
    """Start uvicorn serving :func:`create_app` on ``host:port`` (0: any free port).

    ``storage_dir`` is the central's data folder (key and pages). ``settings`` may override limits;
    its ``data_dir``/``database_url`` are replaced by the arguments. Returns once it accepts
    connections; ``stop()`` shuts it down gracefully (in-flight requests finish).
    """
    import uvicorn

    from kiosk.central.app import create_app

    base = settings or CentralSettings(data_dir=Path(storage_dir))
    settings = replace(base, data_dir=Path(storage_dir), database_url=database_url)
    settings = with_tls_pin(settings, ssl_certfile)
    app = create_app(settings)
    sock = _bind(host, port)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=access_log,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        timeout_keep_alive=30,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="kiosk-central", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the central did not start")
        time.sleep(0.01)
    scheme = "https" if ssl_certfile else "http"
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    return RunningCentral(f"{scheme}://{shown}:{bound_port}", settings, server, thread)


_SETTINGS_ENV = "KIOSK_CENTRAL_SETTINGS_JSON"
# The cyclic collector's young-generation threshold in a serving process (Python's default: 700)
_YOUNG_OBJECTS = 20_000


def tune_collector() -> None:
    """Set the cyclic garbage collector up for serving; call once the app is built.

    A 100-registration push parses ~10,000 dicts and lists that live as long as the request. At
    Python's default threshold (a young collection every 700 new containers) the collections
    scanned them while the request still held them and promoted them to the older generations,
    whose collections then walked them again with the ~130,000 objects of the imports: measured
    in one process with 8 pushes in flight, ~0.045 ms of CPU per registration in the collector,
    against ~0.001-0.009 ms with a young generation of 20,000 (a request's objects are freed by
    their reference counts before it fills). The objects alive after start-up (modules, the
    app, the models' metadata) are moved out of the collector's reach (``gc.freeze``): they live
    as long as the process and no full collection needs to walk them again. Memory is
    unchanged in practice: only reference cycles wait for the collector, and they still do."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, 10, 10)


def app_from_environment() -> FastAPI:
    """Factory for uvicorn's worker processes (``serve --workers N``): settings come from the
    environment the parent set; the parent already migrated, so workers do not. Each worker
    appends to the parent's central.log (a fresh interpreter has no handlers; the parent alone
    rotates the file)."""
    import json

    from kiosk import logs
    from kiosk.central.app import create_app

    malloc_tuning.tune()  # before the thread pool's threads exist
    data = json.loads(os.environ[_SETTINGS_ENV])
    logs.setup(Path(data["data_dir"]), "central", console=True, shared="writer")
    app = create_app(CentralSettings(**{**data, "migrate": False}))
    tune_collector()
    return app


def serve(
    settings: CentralSettings,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    workers: int = 1,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    ssl_keyfile_password: str | None = None,
) -> int:
    """Run in the foreground until interrupted (``kiosk central serve``). Migrates first.

    ``workers`` > 1 starts that many processes on the same socket (uvicorn's process manager);
    being stateless, each serves any request. More hosts: run ``serve`` on each, same database.
    """
    import json

    import uvicorn

    from kiosk import logs
    from kiosk.central.app import create_app
    from kiosk.central.db import open_database

    # central.log in the central's data folder and the console; uvicorn's loggers (start-up,
    # errors, access) propagate to them instead of uvicorn's own console-only configuration.
    # With workers, every process appends to central.log and only this one rotates it.
    logs.setup(settings.data_dir, "central", console=True, shared="owner" if workers > 1 else None)
    settings = with_tls_pin(settings, ssl_certfile)
    options: dict[str, Any] = {
        "log_config": None,
        "host": host,
        "port": port,
        "ssl_certfile": ssl_certfile,
        "ssl_keyfile": ssl_keyfile,
        "ssl_keyfile_password": ssl_keyfile_password,
        "proxy_headers": True,
        "timeout_graceful_shutdown": 10,
    }
    if workers > 1:
        open_database(settings.database_url).dispose()  # migrate once, before the workers start
        fields = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
        os.environ[_SETTINGS_ENV] = json.dumps({**fields, "data_dir": str(settings.data_dir)})
        board = admission_board.create(settings.data_dir) if os.name == "posix" else None
        if board is not None:  # one line across the workers (kiosk.central.admission_board)
            os.environ[admission_board.BOARD_ENV] = str(board)
        try:
            uvicorn.run(
                "kiosk.central.server:app_from_environment", factory=True, workers=workers,
                **options,
            )  # fmt: skip
        finally:
            if board is not None:
                os.environ.pop(admission_board.BOARD_ENV, None)
                board.unlink(missing_ok=True)
        return 0
    malloc_tuning.tune()  # this process serves: its allocator, before the thread pool starts
    app = create_app(settings)
    tune_collector()
    uvicorn.run(app, **options)
    return 0
