"""One load-client process of Gavel's benchmarks: holds COUNT WebSocket subscribers with picows
on uvloop and timestamps what each of them receives.

Started by bench.py, several at once (each process has its own open-file limit). It speaks JSON
lines: commands on stdin, events on stdout.

  out {"event": "connected", "open": N, "failed": F, "seconds": S}   once, after connecting
  out {"event": "held", "seq": S, "first_ns": T, "last_ns": T, "count": N}
        when every open subscriber holds state S or newer (first/last: when the first and the
        last of them got it, time.time_ns())
  in  {"cmd": "alerts"}  ->  out {"event": "alerts", "arrivals": [[at_ms, level, recv_ns], ...]}
  in  {"cmd": "stats"}   ->  out {"event": "stats", "open": N, "closed": N, "messages": N, "bytes": N, "pings": N}
  in  {"cmd": "close"}   ->  closes every connection (close frame first), then exits

A message is recognised without a JSON parser (10,000 subscribers x every broadcast would make the
client the bottleneck): its "type" and "seq" (state) or "at" and "level" (alert) are found with a
byte search. Gavel's state message and the peers' stand-in carry both fields.
"""
import argparse
import asyncio
import json
import os
import re
import sys
import time

import uvloop
from picows import WSCloseCode, WSListener, WSMsgType, ws_connect

SEQ = re.compile(rb'"seq":(\d+)')
AT = re.compile(rb'"at":(\d+)')
LEVEL = re.compile(rb'"level":"(\w+)"')
TYPE = b'"type":"'
time_ns = time.time_ns


class Worker:
    def __init__(self, count):
        self.count = count
        self.open = 0
        self.closed = 0
        self.messages = 0
        self.bytes = 0
        self.pings = 0
        # seq -> [subscribers holding it, first arrival, last arrival]
        self.held = {}
        self.reported = set()
        self.alerts = []
        self.transports = []

    def emit(self, event):
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    def holds(self, seq, previous, t):
        # Every seq between the one held before and this one is now held (a slow subscriber may
        # skip a snapshot: it holds the newer state).
        for s in range(max(previous + 1, seq - 64), seq + 1):
            entry = self.held.get(s)
            if entry is None:
                entry = self.held[s] = [0, t, t]
            entry[0] += 1
            entry[2] = t
            if entry[0] >= self.open and s not in self.reported:
                self.reported.add(s)
                self.emit({"event": "held", "seq": s, "first_ns": entry[1], "last_ns": entry[2], "count": entry[0]})


class Subscriber(WSListener):
    __slots__ = ("worker", "seq", "transport")

    def __init__(self, worker, initial_seq):
        self.worker = worker
        # -1: the first state (sent on connect) only says where the subscriber starts.
        self.seq = initial_seq
        self.transport = None

    def on_ws_connected(self, transport):
        self.transport = transport

    def on_ws_frame(self, transport, frame):
        t = time_ns()
        kind = frame.msg_type
        if kind is not WSMsgType.TEXT:
            if kind is WSMsgType.PING:
                self.worker.pings += 1
            if kind is WSMsgType.CLOSE:
                transport.send_close(frame.get_close_code())
                transport.disconnect()
            return
        payload = frame.get_payload_as_bytes()
        worker = self.worker
        worker.messages += 1
        worker.bytes += len(payload)
        start = payload.find(TYPE) + 8
        kind = payload[start:start + 3]
        if kind == b"sta":
            match = SEQ.search(payload)
            if match is None:
                return
            seq = int(match.group(1))
            if seq > self.seq:
                previous = self.seq
                self.seq = seq
                if previous >= 0:
                    worker.holds(seq, previous, t)
        elif kind == b"ale":
            at = AT.search(payload)
            level = LEVEL.search(payload)
            worker.alerts.append((int(at.group(1)) if at else 0, level.group(1).decode() if level else "?", t))

    def on_ws_disconnected(self, transport):
        if self.transport is not None:
            self.worker.open -= 1
            self.worker.closed += 1
            self.transport = None


async def connect_all(worker, url, headers, concurrency, initial_seq):
    gate = asyncio.Semaphore(concurrency)
    failures = []

    async def one():
        async with gate:
            for attempt in range(5):
                try:
                    transport, listener = await ws_connect(
                        lambda: Subscriber(worker, initial_seq), url, extra_headers=headers,
                        websocket_handshake_timeout=30, enable_auto_pong=True)
                    worker.open += 1
                    worker.transports.append(transport)
                    return
                except Exception as error:  # refused, reset: retry a few times
                    last = error
                    await asyncio.sleep(0.05 * (attempt + 1))
            failures.append(repr(last))

    await asyncio.gather(*(one() for _ in range(worker.count)))
    return failures


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--subprotocol")
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--initial-seq", type=int, default=-1,
                        help="-1 (Gavel): the server sends the state on connect; 0 (peers): it sends nothing")
    args = parser.parse_args()

    worker = Worker(args.count)
    headers = {"Sec-WebSocket-Protocol": args.subprotocol} if args.subprotocol else None
    started = time.perf_counter()
    failures = await connect_all(worker, args.url, headers, args.concurrency, args.initial_seq)
    worker.emit({"event": "connected", "open": worker.open, "failed": len(failures),
                 "errors": sorted(set(failures))[:5], "seconds": time.perf_counter() - started})

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        command = json.loads(line)
        name = command.get("cmd")
        if name == "alerts":
            worker.emit({"event": "alerts", "arrivals": worker.alerts})
            worker.alerts = []
        elif name == "stats":
            worker.emit({"event": "stats", "open": worker.open, "closed": worker.closed,
                         "messages": worker.messages, "bytes": worker.bytes,
                         "pings": worker.pings})
        elif name == "close":
            break
    for transport in worker.transports:
        if not transport.is_disconnected:
            try:
                transport.send_close(WSCloseCode.OK)
                transport.disconnect()
            except Exception:
                pass
    await asyncio.sleep(0.2)
    worker.emit({"event": "closed"})


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvloop.run(main())
