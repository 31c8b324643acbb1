"""A stand-in for a standby gaveld, in front of a real one, to test clients that know several
servers without the standby itself (issue 24's failover is another piece of work; its end-to-end
test comes with it).

It speaks the contract those clients code against (docs/protocol.md, "Several servers"):
- `GET /api/v1/leader` answers {"room", "role", "term", "leader"}: "standby" naming the primary,
  or, as `role`, whatever the test says (a primary that lost its lease still answers "primary"
  until it notices);
- a WebSocket is relayed to the real gaveld, as a standby serves displays the same state, except
  that every command is refused with `{"type":"error","code":"notLeader",...,"leader":URL}`; with
  `journal_first`, the command is first passed to the real gaveld (a primary that journaled it and
  lost its lease before answering), then refused all the same;
- `POST /api/v1/commands` is refused with HTTP 503 and the same error.
"""
import json
import threading
import urllib.request

from websockets.datastructures import Headers
from websockets.http11 import Response
from websockets.sync.client import connect
from websockets.sync.server import serve


class FakeStandby:
    def __init__(self, primary, role="standby", journal_first=False, room="main"):
        self.primary = primary  # the real gaveld (a gavel_harness.Gaveld)
        self.role = role
        self.journal_first = journal_first
        self.room = room
        self.refused = []  # the commands refused, as sent
        self.leader_asked = 0
        self.server = serve(self._relay, "127.0.0.1", 0, subprotocols=["gavel.v2", "gavel.v1"],
                            process_request=self._http)
        self.port = self.server.socket.getsockname()[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def leader_url(self):
        return f"http://127.0.0.1:{self.primary.port}"

    def refusal(self, command_id):
        return {"type": "error", "id": command_id, "code": "notLeader",
                "message": "this gaveld is a standby; send commands to the primary", "leader": self.leader_url}

    def _http(self, connection, request):
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        path = request.path.split("?")[0]
        if path == "/api/v1/leader":
            self.leader_asked += 1
            body = {"room": self.room, "role": self.role, "term": 1,
                    "leader": self.leader_url if self.role == "standby" else None}
            return self._json(200, body)
        if path == "/api/v1/commands":
            return self._json(503, self.refusal(None))
        # Reads are the primary's (a standby serves the same state).
        with urllib.request.urlopen(self.primary.url(request.path), timeout=10) as answer:
            return self._json(answer.status, json.loads(answer.read()))

    @staticmethod
    def _json(status, body):
        data = json.dumps(body).encode()
        headers = Headers([("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                           ("Access-Control-Allow-Origin", "*")])
        return Response(status, "OK" if status == 200 else "Service Unavailable", headers, data)

    def _relay(self, ws):
        headers = {}
        authorization = ws.request.headers.get("Authorization")
        if authorization:
            headers["Authorization"] = authorization
        path = ws.request.path
        upstream = connect(f"ws://127.0.0.1:{self.primary.port}{path}", subprotocols=[ws.subprotocol],
                           additional_headers=headers, max_size=None, open_timeout=10)

        swallowed = {}  # command id -> set when the primary's answer came (and was not passed on)

        def down():
            try:
                for message in upstream:
                    parsed = json.loads(message)
                    if parsed.get("type") in ("ack", "error") and parsed.get("id") in swallowed:
                        swallowed[parsed["id"]].set()
                        continue
                    ws.send(message)
            except Exception:
                pass
            finally:
                ws.close()

        threading.Thread(target=down, daemon=True).start()
        try:
            for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "command":
                    self.refused.append(message)
                    if self.journal_first:
                        # Journaled by the primary; its answer is lost with its lease.
                        answered = swallowed.setdefault(message.get("id"), threading.Event())
                        upstream.send(raw)
                        answered.wait(10)
                    ws.send(json.dumps(self.refusal(message.get("id"))))
                else:
                    upstream.send(raw)
        except Exception:
            pass
        finally:
            upstream.close()

    def close(self):
        self.server.shutdown()
