#!/usr/bin/env python3
"""An independent WebSocket and HTTP client for Gavel's transport tests.

The Swift tests start this script and drive it with one JSON command per line on stdin; it
answers with one JSON event per line on stdout. Clients are named by an "id" chosen by the test.
WebSocket clients use the `websockets` library (an independent, strict implementation); the
"stall" clients are raw sockets that do the handshake by hand and then do not read at all, so
their TCP receive window fills up.

Commands ("op"):
  connect        id, port, path="/ws", query="", subprotocols=None, headers={}, read=True
                 -> open{subprotocol} | rejected{status, body} | error{error}; then message{...}
                    for every message while reading, and closed{code, reason} at the end
  connect_many   prefix, count, port, ... as connect -> opened_many{count}; clients are prefix0..N-1
  read           id                      start reading a client connected with read=False
  send           id, text                one text message
  send_fragments id, parts               one text message in len(parts) frames
  send_binary    id, hex                 one binary message
  send_raw_text  id, hex                 one text frame carrying these (possibly invalid UTF-8) bytes
  close          id, code=1000
  stall          id, port, path="/ws", rcvbuf=4096  -> open; the client never reads
  drain          id, until_prefix, timeout  read a stalled client's data until a message starting
                 with until_prefix, or EOF -> drained{count, last_head, eof}
  http           id, port, method, path, headers={}, body="", conn=None (name a connection to
                 reuse it: keep-alive) -> http{status, headers, body, local_port}
  raw            id, port, data (text), timeout -> raw{data}: everything the server sent back
  churn          id, port, count, concurrency=50: connect and drop count clients (every other one
                 closes cleanly, the rest just disconnect) -> churned{count}
  http (unix)    as http, with unix=PATH instead of port
  quit
"""

import asyncio
import http.client
import json
import socket
import sys
import base64
import os

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

clients = {}
readers = {}
stalled = {}
http_connections = {}


def emit(event, **fields):
    fields["event"] = event
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def describe(message):
    if isinstance(message, bytes):
        return {"binary": True, "length": len(message), "head": message[:64].hex()}
    return {"text": message if len(message) <= 512 else None, "length": len(message), "head": message[:64]}


async def read_messages(client_id, websocket):
    try:
        async for message in websocket:
            emit("message", id=client_id, **describe(message))
    except ConnectionClosed:
        pass
    except Exception as error:  # noqa: BLE001 - reported to the test
        emit("error", id=client_id, error=repr(error))
    emit("closed", id=client_id, code=websocket.close_code, reason=websocket.close_reason)


async def open_client(client_id, command, announce=True):
    uri = "ws://127.0.0.1:%d%s%s" % (
        command["port"], command.get("path", "/ws"),
        ("?" + command["query"]) if command.get("query") else "")
    try:
        websocket = await connect(
            uri,
            subprotocols=command.get("subprotocols"),
            additional_headers=command.get("headers") or None,
            compression=None,
            ping_interval=None,
            max_size=None,
            open_timeout=20,
            close_timeout=5,
        )
    except InvalidStatus as error:
        response = error.response
        emit("rejected", id=client_id, status=response.status_code,
             body=response.body.decode("utf-8", "replace") if response.body else "")
        return None
    except Exception as error:  # noqa: BLE001 - reported to the test
        emit("error", id=client_id, error=repr(error))
        return None
    clients[client_id] = websocket
    if announce:
        emit("open", id=client_id, subprotocol=websocket.subprotocol)
    if command.get("read", True):
        readers[client_id] = asyncio.create_task(read_messages(client_id, websocket))
    return websocket


async def connect_many(command):
    semaphore = asyncio.Semaphore(50)

    async def one(index):
        async with semaphore:
            return await open_client("%s%d" % (command["prefix"], index), command, announce=False)

    results = await asyncio.gather(*(one(index) for index in range(command["count"])))
    emit("opened_many", prefix=command["prefix"], count=sum(1 for r in results if r is not None))


async def churn(command):
    """Connects and drops many clients, to look for per-connection leaks."""
    uri = "ws://127.0.0.1:%d/ws" % command["port"]
    semaphore = asyncio.Semaphore(command.get("concurrency", 50))
    failures = []

    async def one(index):
        async with semaphore:
            try:
                websocket = await connect(uri, compression=None, ping_interval=None, open_timeout=20,
                                          close_timeout=5)
            except Exception as error:  # noqa: BLE001 - reported to the test
                failures.append(repr(error))
                return
            if index % 2:
                await websocket.close()
            else:
                websocket.transport.abort()

    await asyncio.gather(*(one(index) for index in range(command["count"])))
    emit("churned", id=command["id"], count=command["count"] - len(failures),
         error=failures[0] if failures else None)


async def stall(command):
    """A raw WebSocket client with a small receive buffer that never reads."""
    client_id = command["id"]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, command.get("rcvbuf", 4096))
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    await loop.sock_connect(sock, ("127.0.0.1", command["port"]))
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: gavel.v1\r\n\r\n"
        % (command.get("path", "/ws"), command["port"], key))
    await loop.sock_sendall(sock, request.encode())
    response = b""
    while b"\r\n\r\n" not in response:
        chunk = await loop.sock_recv(sock, 1)  # byte by byte: leave every frame in the kernel
        if not chunk:
            emit("error", id=client_id, error="closed during handshake")
            return
        response += chunk
    status = response.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status + " ":
        emit("rejected", id=client_id, status=int(status.split()[1]), body="")
        return
    stalled[client_id] = sock
    emit("open", id=client_id, subprotocol="gavel.v1")


async def drain(command):
    """Reads a stalled client's frames until a message starts with until_prefix, or EOF."""
    client_id = command["id"]
    sock = stalled[client_id]
    loop = asyncio.get_running_loop()
    prefix = command.get("until_prefix")
    buffer = bytearray()
    count = 0
    last_head = None
    eof = False
    close_code = None
    fragments = bytearray()
    done = False

    async def read_more():
        data = await asyncio.wait_for(loop.sock_recv(sock, 1 << 20), command.get("timeout", 30))
        if not data:
            raise EOFError
        buffer.extend(data)

    try:
        while not done:
            while len(buffer) < 2:
                await read_more()
            first, second = buffer[0], buffer[1]
            length = second & 0x7F
            offset = 2
            if length == 126:
                while len(buffer) < 4:
                    await read_more()
                length = int.from_bytes(buffer[2:4], "big")
                offset = 4
            elif length == 127:
                while len(buffer) < 10:
                    await read_more()
                length = int.from_bytes(buffer[2:10], "big")
                offset = 10
            while len(buffer) < offset + length:
                await read_more()
            payload = bytes(buffer[offset:offset + length])
            del buffer[:offset + length]
            opcode = first & 0x0F
            if opcode == 8:
                close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
                break
            if opcode in (0, 1):
                fragments.extend(payload)
                if first & 0x80:
                    text = fragments.decode("utf-8")
                    fragments = bytearray()
                    count += 1
                    last_head = text[:64]
                    if prefix is not None and text.startswith(prefix):
                        done = True
    except (EOFError, ConnectionResetError):
        eof = True
    except asyncio.TimeoutError:
        pass
    emit("drained", id=client_id, count=count, last_head=last_head, eof=eof, code=close_code)


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


def http_request(command):
    name = command.get("conn")
    connection = http_connections.get(name) if name else None
    if connection is None and command.get("unix"):
        connection = UnixHTTPConnection(command["unix"], timeout=20)
    elif connection is None:
        connection = http.client.HTTPConnection("127.0.0.1", command["port"], timeout=20)
        if name:
            http_connections[name] = connection
    body = command.get("body")
    if command.get("body_size"):
        body = "x" * command["body_size"]
    connection.request(command["method"], command["path"], body=body.encode() if body is not None else None,
                       headers=command.get("headers") or {})
    local_port = connection.sock.getsockname()[1] if not command.get("unix") else 0
    response = connection.getresponse()
    data = response.read()
    result = dict(
        id=command["id"], status=response.status,
        headers={k.lower(): v for k, v in response.getheaders()},
        body=data.decode("utf-8", "replace") if len(data) <= 4096 else None,
        length=len(data), local_port=local_port, will_close=response.will_close)
    if not name:
        connection.close()
    return result


def raw_request(command):
    with socket.create_connection(("127.0.0.1", command["port"]), timeout=command.get("timeout", 5)) as sock:
        sock.sendall(command["data"].encode("latin-1"))
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    return dict(id=command["id"], data=received.decode("latin-1"))


async def handle(command):
    op = command["op"]
    client_id = command.get("id")
    try:
        if op == "connect":
            await open_client(client_id, command)
        elif op == "connect_many":
            await connect_many(command)
        elif op == "read":
            readers[client_id] = asyncio.create_task(read_messages(client_id, clients[client_id]))
        elif op == "send":
            await clients[client_id].send(command["text"])
            emit("sent", id=client_id)
        elif op == "send_fragments":
            await clients[client_id].send(iter(command["parts"]))
            emit("sent", id=client_id)
        elif op == "send_binary":
            await clients[client_id].send(bytes.fromhex(command["hex"]))
            emit("sent", id=client_id)
        elif op == "send_raw_text":
            await clients[client_id].send(bytes.fromhex(command["hex"]), text=True)
            emit("sent", id=client_id)
        elif op == "close":
            await clients[client_id].close(command.get("code", 1000))
        elif op == "churn":
            await churn(command)
        elif op == "stall":
            await stall(command)
        elif op == "drain":
            await drain(command)
        elif op == "http":
            emit("http", **await asyncio.to_thread(http_request, command))
        elif op == "raw":
            emit("raw", **await asyncio.to_thread(raw_request, command))
        else:
            emit("error", id=client_id, error="unknown op %r" % op)
    except Exception as error:  # noqa: BLE001 - reported to the test
        emit("error", id=client_id, op=op, error=repr(error))


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    emit("ready")
    tasks = set()
    while True:
        line = await reader.readline()
        if not line:
            break
        command = json.loads(line)
        if command["op"] == "quit":
            break
        task = asyncio.create_task(handle(command))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    for websocket in list(clients.values()):
        websocket.transport.abort()
    for sock in stalled.values():
        sock.close()


if __name__ == "__main__":
    asyncio.run(main())
