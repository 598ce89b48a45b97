"""A receipt printer on a real loopback TCP socket (and on a real pseudo-terminal for serial).

Not a mock of python-escpos: the kiosk's code opens a real socket / serial port, sends its real
byte stream, and reads real status answers. The peer plays the printer's side of ESC/POS: it keeps
every byte it receives and answers the real-time status requests ``DLE EOT 1`` (online) and
``DLE EOT 4`` (paper sensor) with the byte a printer sends (``0x12``: online, paper adequate;
``0x72`` to the paper request when ``paper=False``).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

ONLINE_OK = b"\x12"
PAPER_OUT = b"\x72"
STATUS_ONLINE = b"\x10\x04\x01"
STATUS_PAPER = b"\x10\x04\x04"


@dataclass
class FakePrinter:
    paper: bool = True
    received: list[bytes] = field(default_factory=list)  # one entry per connection / session
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, buffer: bytes) -> bytes:
        if buffer.endswith(STATUS_ONLINE):
            return ONLINE_OK
        if buffer.endswith(STATUS_PAPER):
            return ONLINE_OK if self.paper else PAPER_OUT
        return b""

    def serve(self, recv: Callable[[], bytes], send: Callable[[bytes], object]) -> None:
        buffer = b""
        while True:
            try:
                chunk = recv()
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
            reply = self.answer(buffer)
            if reply:
                send(reply)
        with self.lock:
            self.received.append(buffer)

    @property
    def printed(self) -> bytes:
        with self.lock:
            return b"".join(self.received)


@contextmanager
def tcp_printer(paper: bool = True) -> Iterator[tuple[FakePrinter, int]]:
    """A printer listening on 127.0.0.1; yields it and its port."""
    printer = FakePrinter(paper=paper)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    port = server.getsockname()[1]
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            conn.settimeout(30)

            def handle(c: socket.socket = conn) -> None:
                with c:
                    printer.serve(lambda: c.recv(65536), c.sendall)

            worker = threading.Thread(target=handle, daemon=True)
            worker.start()
            workers.append(worker)

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield printer, port
    finally:
        stop.set()
        acceptor.join(10)
        server.close()
        for worker in workers:
            worker.join(10)


@contextmanager
def serial_printer() -> Iterator[tuple[FakePrinter, str]]:
    """A printer on the master side of a pseudo-terminal; yields it and the port's path."""
    import termios
    import tty

    printer = FakePrinter()
    master, slave = os.openpty()
    tty.setraw(slave)  # a serial line: no echo, no line discipline turning bytes into others
    path = os.ttyname(slave)
    done = threading.Event()

    def recv() -> bytes:
        if done.is_set():
            return b""
        try:
            return os.read(master, 65536)
        except OSError:  # EIO: the slave side closed
            return b""

    worker = threading.Thread(target=printer.serve, args=(recv, lambda b: os.write(master, b)))
    worker.daemon = True
    worker.start()
    try:
        yield printer, path
    finally:
        done.set()
        termios.tcflush(slave, termios.TCIOFLUSH)
        os.close(slave)
        worker.join(10)
        os.close(master)
