"""Pointing discord.py at a Discord-compatible server (a proxy, or the tests' local fake).

discord.py reads its REST base from ``discord.http.Route.BASE`` and its first
gateway URL from ``DiscordWebSocket.DEFAULT_GATEWAY``, both class attributes. They
are set for the lifetime of one client and restored afterwards, so that nothing
leaks into the next client in the same process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


@contextmanager
def discord_endpoints(api_base_url: str, gateway_url: str) -> Iterator[None]:
    previous = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    Route.BASE = api_base_url.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = previous
