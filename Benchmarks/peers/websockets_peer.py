"""The Python peer of Gavel's benchmarks: a broadcast server on `websockets` (asyncio, on uvloop).

Every WebSocket on /ws is a subscriber. A text message from any of them is fanned out with
`websockets.broadcast` (the message is encoded and framed once, then written to every
connection) to every other connection: the benchmark's orchestrator sends it, sized like Gavel's
state message, on a connection of its own. GET /healthz answers 200 for readiness. Library
defaults otherwise: keepalive ping every 20 s, permessage-deflate offered (the load client does
not accept it, so nothing is compressed).

  python websockets_peer.py PORT
"""
import asyncio
import http
import sys

import uvloop
from websockets.asyncio.server import broadcast, serve

CONNECTIONS = set()


def healthz(connection, request):
    if request.path == "/healthz":
        return connection.respond(http.HTTPStatus.OK, "ok\n")
    return None


async def handler(websocket):
    CONNECTIONS.add(websocket)
    try:
        async for message in websocket:
            broadcast((c for c in CONNECTIONS if c is not websocket), message)
    finally:
        CONNECTIONS.discard(websocket)


async def main(port):
    async with serve(handler, "127.0.0.1", port, process_request=healthz, backlog=4096, max_size=1 << 20):
        await asyncio.Future()


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8421))
