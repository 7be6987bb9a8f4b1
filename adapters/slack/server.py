"""HTTP mode: an aiohttp server that checks Slack's signature before bolt sees a request.

Slack signs ``v0:{timestamp}:{body}`` with HMAC-SHA256 and the signing secret. A request
with a missing or malformed header, a timestamp more than five minutes away from now (in
either direction) or a wrong signature gets 401 here, and no listener runs. A signed
body that does not parse, or whose fields have the wrong types, gets 400. A request
that is not even valid HTTP (a header over aiohttp's limits) gets aiohttp's 400 and one
INFO line, never a traceback, so that nobody can flood the log.

``/healthz`` reports readiness: 200 "ok" only while ``ready()`` finds nothing wrong
(the store takes writes, the bot token is accepted), 503 with the reason otherwise.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.convert import malformed
from bot.logsafety import exception_type

log = logging.getLogger(__name__)
Readiness = Callable[[], Awaitable[str | None]]


async def _always_ready() -> str | None:
    return None


class _QuietProtocolErrors(logging.Filter):
    """aiohttp logs a traceback for every request it cannot parse; that is the client's fault: one INFO line."""

    def filter(self, record: logging.LogRecord) -> bool:
        kind = exception_type(record)
        if kind is not None and issubclass(kind, HttpProcessingError):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "rejected a request that is not valid HTTP: %s", (kind.__name__,)
            record.exc_info, record.exc_text = None, None
        return True


http_log = logging.getLogger(__name__ + ".http")
http_log.addFilter(_QuietProtocolErrors())

EVENTS_PATH = "/slack/events"
MAX_SKEW_S = 5 * 60
MAX_BODY_BYTES = 1024 * 1024


def signature_ok(
    verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str], now: float
) -> bool:
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isascii() or not timestamp.isdigit() or not signature.startswith("v0="):
        return False
    if abs(now - int(timestamp)) > MAX_SKEW_S:
        return False
    try:
        expected = verifier.generate_signature(timestamp=timestamp, body=body.decode("utf-8"))
    except UnicodeDecodeError:
        return False
    return expected is not None and hmac.compare_digest(expected, signature)


def parse(body: bytes, headers: Mapping[str, str]) -> AsyncBoltRequest | str:
    """The request as bolt sees it, or why it is malformed."""
    try:
        request = AsyncBoltRequest(body=body.decode("utf-8"), headers=dict(headers))
    except (ValueError, TypeError, AttributeError, KeyError) as exc:  # json.JSONDecodeError is a ValueError
        return f"the body does not parse ({type(exc).__name__})"
    return malformed(request.body) or request


def web_application(
    app: AsyncApp, signing_secret: str, *, clock: Callable[[], float] = time.time, ready: Readiness = _always_ready
) -> web.Application:
    verifier = SignatureVerifier(signing_secret)

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        if not signature_ok(verifier, body, request.headers, clock()):
            log.info("rejected a request with a missing, stale or wrong Slack signature")
            return web.json_response({"error": "invalid request"}, status=401)
        parsed = parse(body, request.headers)
        if isinstance(parsed, str):
            log.info("rejected a malformed Slack request: %s", parsed)
            return web.json_response({"error": "malformed request"}, status=400)
        bolt_response = await app.async_dispatch(parsed)
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        problem = await ready()
        if problem:
            return web.Response(text=f"not ready: {problem}", status=503)
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.add_routes([web.post(EVENTS_PATH, events), web.get("/healthz", health)])
    return web_app


async def start_http(
    app: AsyncApp, signing_secret: str, host: str, port: int, *, ready: Readiness = _always_ready
) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (``await runner.cleanup()`` to stop) and the bound port."""
    runner = web.AppRunner(web_application(app, signing_secret, ready=ready), access_log=None, logger=http_log)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = port
    if runner.addresses:
        bound = int(runner.addresses[0][1])
    return runner, bound
