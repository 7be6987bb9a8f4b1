"""The deployment files run commands that exist, with settings the bot reads.

No Docker daemon is needed: the Dockerfile is linted by hadolint in scripts/test, and
here compose.yaml, the Procfile and .env.example are checked against the command line
and the settings themselves.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from bot.cli import SUBCOMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent


def parses(argv: list[str]) -> str:
    """The subcommand of a ``llama4-bot`` command line, after argparse accepted all of it."""
    assert argv[0] in SUBCOMMANDS, argv
    return str(build_parser(argv[0]).parse_args(argv).command)


def test_procfile_lines_are_valid_commands_and_web_serves_slack_over_http() -> None:
    lines = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    assert set(lines) == {"web", "slack", "discord"}
    for name, command in lines.items():
        argv = shlex.split(command.replace("$PORT", "8080"))
        assert argv[0] == "llama4-bot"
        assert parses(argv[1:]) == ("slack" if name == "web" else name)
    web = build_parser("slack").parse_args(shlex.split(lines["web"].replace("$PORT", "8080"))[1:])
    assert web.http and web.port == 8080


def test_compose_runs_postgresql_and_both_bots_on_it() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "slack", "discord"}
    assert services["postgres"]["image"].startswith("postgres:")
    for name in ("slack", "discord"):
        bot = services[name]
        assert bot["build"] == "." and parses(bot["command"]) == name
        url = bot["environment"]["LLAMA4_DATABASE_URL"]
        assert re.fullmatch(r"postgresql://llama4:\$\{POSTGRES_PASSWORD\}@postgres:5432/llama4", url)
        assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["slack"]["command"][:2] == ["slack", "--http"]


def test_the_dockerfile_runs_as_an_unprivileged_user_and_builds_the_index() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    froms = [line for line in lines if line.startswith("FROM ")]
    assert froms and all("python:3.11-slim" in line for line in froms)
    user_at = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    assert lines[user_at] != "USER root" and lines[user_at].split()[1].isdigit()
    index_at = next(i for i, line in enumerate(lines) if line.startswith("RUN llama4-bot ask"))
    assert index_at < user_at  # the index is written into the package while it is still writable
