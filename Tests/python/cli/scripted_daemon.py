"""Stand-ins for gaveld that speak just enough of gavel.v1 to provoke, on demand, what the real
daemon does only in rare moments: an answer that never comes, a refusal of the journal, a
connection that drops, bytes that are not the protocol; and the report routes' contract."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from gavel_harness import now_ms
from websockets.sync.server import serve


class ScriptedDaemon:
    """A WebSocket server on a free loopback port. `mode` decides how commands are answered:

    - "ack": acknowledged (with `replayed` true from the second connection on), then a new state
    - "silent": never answered
    - "journal": refused with journalUnavailable
    - "drop-first": the first connection is dropped as soon as the command arrives, then "ack"
    - "garbage": right after connecting, a text that is not JSON
    """

    def __init__(self, state, mode="ack", control=True):
        self.state = dict(state)
        self.mode = mode
        self.control = control
        self.commands = []  # (connection number, message)
        self.headers = []  # upgrade request headers, per connection
        self.connections = 0
        self._lock = threading.Lock()
        self.server = serve(self._handle, "127.0.0.1", 0, subprotocols=["gavel.v1"])
        self.port = self.server.socket.getsockname()[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handle(self, ws):
        with self._lock:
            self.connections += 1
            number = self.connections
            self.headers.append({k.lower(): v for k, v in ws.request.headers.raw_items()})
        now = int(now_ms())
        ws.send(json.dumps({"type": "hello", "protocol": "gavel.v1", "server": "scripted", "serverTime": now,
                            "connection": str(number), "control": self.control}))
        if self.mode == "garbage":
            ws.send("this is not a gavel.v1 message")
        ws.send(json.dumps(self.state))
        for raw in ws:
            message = json.loads(raw)
            if message.get("type") != "command":
                if message.get("type") == "ping":
                    t = int(now_ms())
                    ws.send(json.dumps({"type": "pong", "t0": message["t0"], "t1": t, "t2": t}))
                continue
            with self._lock:
                self.commands.append((number, message))
            if self.mode == "silent":
                continue
            if self.mode == "journal":
                ws.send(json.dumps({"type": "error", "id": message["id"], "code": "journalUnavailable",
                                    "message": "the journal cannot be written (disk full); nothing was changed, try again"}))
                continue
            if self.mode == "drop-first" and number == 1:
                ws.socket.close()  # abrupt: no close frame, no answer
                return
            seq = self.state["seq"] + 1
            ws.send(json.dumps({"type": "ack", "id": message["id"], "seq": seq, "replayed": number > 1}))
            state = dict(self.state, seq=seq)
            ws.send(json.dumps(state))

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


class ScriptedHTTP:
    """An HTTP server answering GETs from a table: path (with query) → (status, content type, body).
    Records every request's path and headers."""

    def __init__(self, routes):
        self.routes = routes
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                status, content_type, body = outer.routes.get(self.path) or outer.routes.get(
                    urlsplit(self.path).path) or (404, "application/json", json.dumps(
                        {"type": "error", "code": "notFound", "message": f"no such resource: {self.path}"}))
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
