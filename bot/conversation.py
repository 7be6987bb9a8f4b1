"""Platform-neutral requests and the keys that group them into conversations."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ConversationKey(BaseModel):
    """Where a question was asked. Empty strings mean "not applicable on this platform"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: str
    workspace: str = ""
    channel: str = ""
    thread: str = ""
    user: str = ""

    def channel_scope(self) -> ConversationKey:
        """The key that per-channel settings are stored under (no thread, no user)."""
        return ConversationKey(platform=self.platform, workspace=self.workspace, channel=self.channel)


class Request(BaseModel):
    """One thing a user asked for: a command name from the command table and its raw argument."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command: str = "ask"
    argument: str = ""
    conversation: ConversationKey


class ChannelSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    private_by_default: bool = False
    answer_plain_questions: bool = False
    enabled: bool = True
