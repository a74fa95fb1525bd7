"""HTTP/1.1 under uvicorn (h11) with request-head limits that answer instead of resetting.

uvicorn's h11 protocol reads a request head of at most 16 KiB, then answers ``400 Invalid HTTP
request received.`` and closes the socket at once, while the client is still sending: the
kernel resets the connection (the unread bytes), so the client often sees no status at all
(a 134 KB GET query got 400 and a reset, 221 KB a reset alone).

This protocol checks the head as it arrives, before h11 parses it:

* request line longer than ``max_request_line`` (default 1 MiB) → ``414 URI Too Long``, with a
  body that says to send the query with POST (RFC 9112 §3);
* header section longer than ``max_header_bytes`` (default 64 KiB) → ``431 Request Header
  Fields Too Large`` (RFC 6585 §5);

and every early error (these two and h11's own 400s) is a *lingering close*: the answer is
written with ``Connection: close``, our side is shut for writing, and what the client still
sends is read and dropped (up to ``drain_bytes``, ``drain_seconds``) until it closes; so the
client reads the status and its explanation, never a reset.

The same lingering close applies when the application answers before reading the whole request
body (413 for a declared body over the limit, 415 for a media type it does not take): uvicorn
would close the socket on the unread body, and the client would get a reset instead of the answer.
"""

from __future__ import annotations

import asyncio
import http
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_REQUEST_LINE = 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024


class _LingeringTransport:
    """The connection's transport as uvicorn sees it: ``close()`` lingers while the request body is unread."""

    def __init__(self, transport: asyncio.Transport, protocol: BoundedH11Protocol) -> None:
        self._transport = transport
        self._protocol = protocol

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def close(self) -> None:
        protocol = self._protocol
        if (not protocol._rejected and not self._transport.is_closing()
                and protocol.conn.their_state is h11.SEND_BODY):
            protocol._linger_close()
        else:
            self._transport.close()


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with answered (414/431/400) head limits and lingering close."""

    max_request_line: int = MAX_REQUEST_LINE
    max_header_bytes: int = MAX_HEADER_BYTES
    drain_bytes: int = 64 * 1024 * 1024
    drain_seconds: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = bytearray()
        self._rejected = False
        self._drained = 0
        self._linger: asyncio.TimerHandle | None = None
        self._raw_transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        assert isinstance(transport, asyncio.Transport)
        self._raw_transport = transport
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]

    @classmethod
    def with_limits(cls, max_request_line: int, max_header_bytes: int) -> type[BoundedH11Protocol]:
        """A subclass with these limits (uvicorn instantiates the class it is given)."""
        return type(cls.__name__, (cls,), {"max_request_line": max_request_line,
                                           "max_header_bytes": max_header_bytes})

    @classmethod
    def h11_buffer_size(cls) -> int:
        """h11's own limit on an incomplete head: above ours, so that ours answers first."""
        return cls.max_request_line + cls.max_header_bytes + 4096

    def data_received(self, data: bytes) -> None:
        if self._rejected:
            self._drained += len(data)
            if self._drained > self.drain_bytes:
                (self._raw_transport or self.transport).close()
            return
        if self.conn.their_state is h11.IDLE:
            self._head += data
            status = self._head_status()
            if status is not None:
                self._head.clear()
                self._reject(*status)
                return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._head.clear()

    def _head_status(self) -> tuple[int, str] | None:
        """(status, message) if the head received so far passes a limit, else None."""
        head = self._head
        line_end = head.find(b"\n")
        if (line_end == -1 and len(head) > self.max_request_line) or line_end > self.max_request_line + 1:
            return 414, (f"The request line is longer than {self.max_request_line} bytes. Send a long SPARQL "
                         "query with POST, as application/x-www-form-urlencoded (query=...) or as "
                         "application/sparql-query (the query as the body).\n")
        if line_end == -1:
            return None
        head_end = head.find(b"\r\n\r\n", line_end - 1)
        if head_end == -1:
            head_end = head.find(b"\n\n", line_end - 1)
        header_bytes = (head_end if head_end != -1 else len(head)) - line_end
        if header_bytes > self.max_header_bytes:
            return 431, f"The request header fields are longer than {self.max_header_bytes} bytes in all.\n"
        return None

    def send_400_response(self, msg: str) -> None:
        """h11 refused the request: answer 400 with its reason, then linger (no reset)."""
        self._reject(400, msg + "\n")

    def _reject(self, status: int, message: str) -> None:
        self._rejected = True
        body = message.encode("utf-8")
        phrase = "URI Too Long" if status == 414 else http.HTTPStatus(status).phrase  # RFC 9110 §15.5.15
        head = (f"HTTP/1.1 {status} {phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode("ascii")
        self.logger.warning("%s %s: %s", status, phrase, message.strip())
        self.transport.write(head + body)
        self._linger_close()

    def _linger_close(self) -> None:
        """Shut our side once the answer is out, read and drop what the client still sends, then close."""
        transport = self._raw_transport or self.transport
        self._rejected = True
        if transport.is_closing():
            return
        transport.resume_reading()
        if transport.can_write_eof():
            transport.write_eof()
        self._linger = self.loop.call_later(self.drain_seconds, transport.close)

    def eof_received(self) -> bool | None:
        """The client has sent everything: close once our answer is out."""
        if self._rejected:
            (self._raw_transport or self.transport).close()
        return super().eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger is not None:
            self._linger.cancel()
            self._linger = None
        super().connection_lost(exc)
