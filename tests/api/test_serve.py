"""``serve``'s listening socket makes asyncio turn Nagle off on every accepted connection
(uvicorn's own ``--workers`` listener does not: ~40 ms per keep-alive request)."""

from __future__ import annotations

import asyncio
import socket

from api.commands.serve import tcp_listener


def test_accepted_connections_get_tcp_nodelay() -> None:
    listener = tcp_listener("127.0.0.1", 0)
    assert listener.proto == socket.IPPROTO_TCP

    async def accepted_nodelay() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        value = await asyncio.wait_for(seen, timeout=10)
        writer.close()
        server.close()
        await server.wait_closed()
        return value

    assert asyncio.run(accepted_nodelay()) == 1


def test_uvicorn_error_records_lose_the_exception_text() -> None:
    import logging
    import sys

    from api.commands.serve import ExceptionTextFilter

    try:
        raise TypeError("quoted input: pre-shared-key Secret123")
    except TypeError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                   (), sys.exc_info())
    assert ExceptionTextFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "Secret123" not in formatted and "TypeError" in formatted
