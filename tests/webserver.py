"""A real HTTP server on 127.0.0.1 for every test that fetches; tests give it routes.

A route maps a path to a function taking the request handler; it writes whatever it likes,
including nothing at all, slowly, or wrongly. `page()` makes the common well-behaved route;
`drip()`, `silence()` and `Stream` misbehave on purpose. `Trap` is a bare listener that only
counts connections, to prove that nothing reached an address.
"""

import contextlib
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def page(
    body: bytes | str,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers=None,
) -> Route:
    data = body.encode() if isinstance(body, str) else body

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def redirect(location: str, status: int = 302) -> Route:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def drip(in_headers: bool = False, seconds: float = 1.0, limit: int = 60) -> "Stream":
    """Send one byte every `seconds`, "forever" (`limit` bytes), in the headers or the body."""

    def trickle():
        if in_headers:
            yield b"HTTP/1.1 200 OK\r\n"
        for _ in range(limit):
            yield b"x"
            time.sleep(seconds)

    return Stream(trickle(), length=None if in_headers else limit, raw=in_headers)


def silence() -> Route:
    """Accept the request and never answer, until the client hangs up."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.recv(1)
        handler.close_connection = True

    return respond


class Stream:
    """A route that writes its body piece by piece and counts what went out, so that a test can
    prove the client stopped reading early. Without `length`, the body ends when it closes;
    `raw` sends the pieces with no status line or headers of its own."""

    def __init__(self, pieces: Iterable[bytes], length=None, headers=None, raw=False):
        self.pieces, self.length, self.headers, self.raw = pieces, length, headers or {}, raw
        self.sent = 0
        self.complete = False
        self.finished = threading.Event()

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        try:
            if not self.raw:
                self._send_headers(handler)
            for piece in self.pieces:
                handler.wfile.write(piece)
                self.sent += len(piece)
            self.complete = True
        finally:
            handler.close_connection = True
            self.finished.set()

    def _send_headers(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if self.length is not None:
            handler.send_header("Content-Length", str(self.length))
        else:
            handler.send_header("Connection", "close")
        for name, value in self.headers.items():
            handler.send_header(name, value)
        handler.end_headers()


class Trap:
    """A TCP listener that accepts and counts connections and never answers."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.create_server((host, port), family=family)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.sock.accept()
                self.connections += 1
                connection.close()

    def close(self):
        self.sock.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client hanging up (as fetch tests make it) is not the server's error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class WebServer:
    def __init__(self, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.request_headers: list[dict[str, str]] = []
        self.scheme = "https" if tls else "http"
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.requests.append(self.path)
                server.request_headers.append(dict(self.headers.items()))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    page("<h1>Not found</h1>", status=404)(self)
                else:
                    # The client may give up mid-answer, as fetch tests expect it to.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(self)

            def log_message(self, *args):
                pass

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def reset(self):
        self.routes.clear()
        self.requests.clear()
        self.request_headers.clear()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
