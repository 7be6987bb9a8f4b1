"""Factories for raw Discord gateway payloads (API v10), as Discord sends them."""

from __future__ import annotations

import itertools
from typing import Any

from discord_fake import APP_ID, CHANNEL_ID, GUILD_ID, TIMESTAMP, user_payload

_ids = itertools.count(500000000000000000)
ALL_PERMISSIONS = str((1 << 50) - 1)
NO_PERMISSIONS = "0"
STRING, BOOLEAN = 3, 5


def new_id() -> int:
    return next(_ids)


def channel_payload(channel_id: int = CHANNEL_ID) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def member_payload(user_id: int, permissions: str) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, f"user{user_id}"),
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": permissions,
    }


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int | None = None,
    permissions: str = NO_PERMISSIONS,
    message: dict[str, Any] | None = None,
    interaction_id: int | None = None,
) -> dict[str, Any]:
    iid = interaction_id or new_id()
    payload: dict[str, Any] = {
        "id": str(iid),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{iid}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": channel_payload(),
        "member": member_payload(user_id or new_id(), permissions),
        "app_permissions": ALL_PERMISSIONS,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def options(values: dict[str, Any], focused: str | None = None) -> list[dict[str, Any]]:
    result = []
    for name, value in values.items():
        option: dict[str, Any] = {"name": name, "type": BOOLEAN if isinstance(value, bool) else STRING, "value": value}
        if name == focused:
            option["focused"] = True
        result.append(option)
    return result


def slash(name: str, *, user_id: int | None = None, permissions: str = NO_PERMISSIONS, **values: Any) -> dict[str, Any]:
    data = {"id": str(new_id()), "name": name, "type": 1, "options": options(values)}
    return interaction(2, data, user_id=user_id, permissions=permissions)


def autocomplete(name: str, focused: str, **values: Any) -> dict[str, Any]:
    data = {"id": str(new_id()), "name": name, "type": 1, "options": options(values, focused)}
    return interaction(4, data)


def button_press(message: dict[str, Any], custom_id: str, *, user_id: int | None = None) -> dict[str, Any]:
    return interaction(3, {"custom_id": custom_id, "component_type": 2}, user_id=user_id, message=message)


def guild_message(content: str, *, mentions: list[dict[str, Any]], user_id: int | None = None) -> dict[str, Any]:
    author = user_payload(user_id or new_id(), "asker")
    return {
        "id": str(new_id()),
        "channel_id": str(CHANNEL_ID),
        "guild_id": str(GUILD_ID),
        "author": author,
        "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0},
        "content": content,
        "embeds": [],
        "components": [],
        "attachments": [],
        "mentions": mentions,
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": 0,
        "type": 0,
    }
