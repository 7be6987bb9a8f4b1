"""HTTP mode: an aiohttp server that checks Slack's signature before bolt sees a request.

Slack signs ``v0:{timestamp}:{body}`` with HMAC-SHA256 and the signing secret. A request
with a missing or malformed header, a timestamp more than five minutes away from now (in
either direction) or a wrong signature gets 401 here, and no listener runs.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable, Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

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


def web_application(
    app: AsyncApp, signing_secret: str, *, clock: Callable[[], float] = time.time
) -> web.Application:
    verifier = SignatureVerifier(signing_secret)

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        if not signature_ok(verifier, body, request.headers, clock()):
            log.info("rejected a request with a missing, stale or wrong Slack signature")
            return web.json_response({"error": "invalid request"}, status=401)
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.add_routes([web.post(EVENTS_PATH, events), web.get("/healthz", health)])
    return web_app


async def start_http(app: AsyncApp, signing_secret: str, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (``await runner.cleanup()`` to stop) and the bound port."""
    runner = web.AppRunner(web_application(app, signing_secret), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = port
    if runner.addresses:
        bound = int(runner.addresses[0][1])
    return runner, bound
