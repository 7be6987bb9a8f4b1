"""Outbound calls to Slack that retry what is retryable, and say what is not.

Web API calls (``chat.postMessage`` ...) go through slack_sdk's own retry handlers:
connection errors, 429 with its ``Retry-After`` (capped, so one call never waits
minutes) and every 5xx, with bounded attempts and exponential backoff with jitter.
``response_url`` posts get the same policy here, because slack_sdk's webhook client
only retries 429s and connection errors, and reports a 500 as a plain response.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook.async_client import AsyncWebhookClient

RETRIES = 3
"""Retries after the first attempt, for each kind of fault."""
BACKOFF_S = 0.25
MAX_RETRY_AFTER_S = 30.0
"""A rate limit that asks for a longer wait is not waited out in the call; the outbox retries later."""


def _retry_after(headers: Mapping[str, Any]) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None


class _RateLimited(AsyncRateLimitErrorRetryHandler):
    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response.headers)
        return wait is None or wait <= MAX_RETRY_AFTER_S


class _ServerError(AsyncRetryHandler):
    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code >= 500


def retry_handlers(retries: int = RETRIES) -> list[AsyncRetryHandler]:
    backoff = BackoffRetryIntervalCalculator(backoff_factor=BACKOFF_S)
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=retries, interval_calculator=backoff),
        _RateLimited(max_retry_count=retries),
        _ServerError(max_retry_count=retries, interval_calculator=backoff),
    ]


class DeliveryFailed(Exception):
    """A post to Slack failed after its retries; ``retryable`` says whether a later attempt may work."""

    def __init__(self, what: str, status: int | None, retryable: bool) -> None:
        super().__init__(f"{what} failed" + (f" with HTTP {status}" if status else ""))
        self.what = what
        self.status = status
        self.retryable = retryable


def retryable_status(status: int | None) -> bool:
    return status is None or status == 429 or status >= 500


def describe(error: BaseException) -> DeliveryFailed:
    """Any failure of an outbound call as a ``DeliveryFailed`` (no token, no message text in it)."""
    if isinstance(error, DeliveryFailed):
        return error
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", None)
        code = error.response.get("error") if hasattr(error.response, "get") else None
        what = f"Web API call ({code})" if isinstance(code, str) else "Web API call"
        retryable = retryable_status(status) or code in {"ratelimited", "internal_error", "fatal_error"}
        return DeliveryFailed(what, status, retryable)
    return DeliveryFailed(f"call ({type(error).__name__})", None, True)


async def post_response_url(
    url: str, message: dict[str, Any], *, retries: int = RETRIES, backoff_s: float = BACKOFF_S
) -> None:
    """POST ``message`` to a ``response_url``, retrying 429s, 5xx and connection errors; raises DeliveryFailed."""
    client = AsyncWebhookClient(url=url, retry_handlers=[])
    status: int | None = None
    for attempt in range(retries + 1):
        wait = backoff_s * 2**attempt
        try:
            response = await client.send_dict(message)
        except (aiohttp.ClientError, OSError, TimeoutError):
            status = None
        else:
            status = response.status_code
            if 200 <= status < 300:
                return
            if not retryable_status(status):
                break
            if status == 429:
                after = _retry_after(response.headers)
                if after is not None and after > MAX_RETRY_AFTER_S:
                    break
                wait = after if after is not None else wait
        if attempt < retries:
            await asyncio.sleep(wait + random.uniform(0, backoff_s))
    raise DeliveryFailed("response_url post", status, retryable_status(status))
