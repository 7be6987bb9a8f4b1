"""A small Discord-protocol server on loopback: the gateway websocket and the REST routes the bot uses.

It records every REST request (method, path, JSON body) so that tests assert on
what the real adapter actually sent, can inject one failure for a route (a 429
with ``retry_after``, a 404 with code 10062), and drives the gateway: HELLO,
heartbeat ACKs, READY after IDENTIFY, RESUMED after RESUME, op 7 RECONNECT, and
``INTERACTION_CREATE`` / ``MESSAGE_CREATE`` dispatches.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.fake.not-a-real-token"
APP_ID = 100000000000000001  # the id encoded in TOKEN's first part
GUILD_ID = 200000000000000002
CHANNEL_ID = 300000000000000003
SESSION_ID = "fake-session-1"
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = user_payload(APP_ID, "llama4-bot", bot=True)


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the exact content type discord.py checks for (no charset suffix)."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={**(headers or {}), "Content-Type": "application/json"}
    )


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any

    @property
    def json(self) -> dict[str, Any]:
        assert isinstance(self.body, dict), self.body
        return self.body


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass
class FakeDiscord:
    token: str = TOKEN
    requests: list[Recorded] = field(default_factory=list)
    gateway_frames: list[dict[str, Any]] = field(default_factory=list)
    heartbeat_ms: int = 45_000
    recommended_shards: int = 1
    """The shard count ``/gateway/bot`` recommends (what a bot started without a count runs)."""

    def __post_init__(self) -> None:
        self._ids = itertools.count(900000000000000000)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._connected = asyncio.Event()
        self._changed = asyncio.Condition()
        self._failures: list[_Failure] = []
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.connections = 0

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def new_id(self) -> int:
        return next(self._ids)

    # -- waiting ----------------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any:
        async with asyncio.timeout(within), self._changed:
            while not (found := predicate()):
                await self._changed.wait()
            return found

    async def wait_request(self, method: str, path: str, *, after: int = 0, within: float = 10.0) -> Recorded:
        """The first request at index ``after`` or later with this method and path (a regex)."""
        pattern = re.compile(path)

        def find() -> Recorded | None:
            return next((r for r in self.requests[after:] if r.method == method and pattern.fullmatch(r.path)), None)

        found: Recorded = await self.wait_for(find, within)
        return found

    def matching(self, method: str, path: str) -> list[Recorded]:
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def fail_next(
        self, path: str, status: int, body: dict[str, Any], *, headers: dict[str, str] | None = None, times: int = 1
    ) -> None:
        self._failures.append(_Failure(re.compile(path), status, body, headers or {}, times))

    # -- gateway ----------------------------------------------------------------------------------

    async def connected(self, within: float = 10.0) -> None:
        async with asyncio.timeout(within):
            await self._connected.wait()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.connected()
        assert self._ws is not None
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def send_reconnect(self) -> None:
        """Op 7: the bot must close, reconnect to resume_gateway_url and RESUME."""
        await self.connected()
        assert self._ws is not None
        self._connected.clear()
        await self._ws.send_json({"op": 7, "d": None})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.connections += 1
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}})
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            self.gateway_frames.append(frame)
            op = frame.get("op")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                await self._ready(ws, frame["d"])
            elif op == 6:
                self._ws = ws
                self._seq += 1
                await ws.send_json({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}})
                self._connected.set()
            await self._notify()
        if self._ws is ws:
            self._ws = None
            self._connected.clear()
        return ws

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        if identify.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self._ws = ws
        self._seq += 1
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [],
            "session_id": SESSION_ID,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        if "shard" in identify:  # Discord echoes the shard a session was identified for
            ready["shard"] = identify["shard"]
        await ws.send_json({"op": 0, "t": "READY", "s": self._seq, "d": ready})
        self._connected.set()

    # -- REST ---------------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        self.requests.append(Recorded(request.method, path, dict(request.query), body))
        await self._notify()
        for failure in self._failures:
            if failure.times > 0 and failure.pattern.fullmatch(path):
                failure.times -= 1
                return _json(failure.body, status=failure.status, headers=failure.headers)
        is_webhook = path.startswith(("/webhooks/", "/interactions/"))  # token-authenticated by URL
        if not is_webhook and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return self._route(request.method, path, body)

    def _route(self, method: str, path: str, body: Any) -> web.StreamResponse:
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "llama4-bot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user_payload(1, "owner"),
                    "verify_key": "00",
                    "flags": 0,
                }
            )
        if path in ("/gateway", "/gateway/bot"):
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
                }
            )
        if method == "PUT" and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            return _json(
                [
                    {**command, "id": str(self.new_id()), "application_id": str(APP_ID), "version": "1"}
                    for command in body or []
                ]
            )
        if match := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            return _json(self._callback_response(int(match[1]), body))
        if method == "DELETE":
            return web.Response(status=204)
        if re.fullmatch(r"/webhooks/\d+/[^/]+(/messages/@original)?", path):
            return _json(self.message_payload(CHANNEL_ID, body, webhook=True))
        if match := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self.message_payload(int(match[1]), body))
        if re.fullmatch(r"/channels/\d+/typing", path):
            return web.Response(status=204)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _callback_response(self, interaction_id: int, body: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if body.get("type") == 4:
            message = self.message_payload(CHANNEL_ID, body.get("data") or {}, webhook=True)
            response["resource"] = {"type": 4, "message": message}
        return response

    def message_payload(
        self,
        channel_id: int,
        body: dict[str, Any] | None,
        *,
        webhook: bool = False,
        author: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        body = body or {}
        message: dict[str, Any] = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "author": author or BOT_USER,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "type": 19 if body.get("message_reference") else 0,
        }
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        if webhook:
            message["webhook_id"] = str(APP_ID)
            message["application_id"] = str(APP_ID)
        return message
