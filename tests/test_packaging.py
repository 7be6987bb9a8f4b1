"""The installable package: a wheel built from the checkout answers from another directory.

The wheel is built without network (``--no-build-isolation``, the pinned setuptools of
the dev environment) and installed, not editable, into a fresh virtualenv. That
virtualenv sees the dev environment's third-party packages through a path file, so
no dependency is downloaded, while ``bot`` and ``adapters`` come from the wheel alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_checkout_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("bot", "adapters")
        for init in (ROOT / top).rglob("__init__.py")
        if ".venv" not in init.parts
    }
    assert set(config["packages"]) == found | {"bot.knowledge_data"}
    assert config["package-dir"] == {"bot.knowledge_data": "knowledge"}


def test_the_license_file_matches_the_declared_license() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed (not editable); its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (work / "dist").glob("llama4_bot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/py.typed" in names and any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert sum(n.startswith("bot/knowledge_data/articles/") for n in names) == len(
        list((ROOT / "knowledge" / "articles").glob("*.txt"))
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dev environment's packages (pydantic, scikit-learn, ...) without its editable install of this project.
    (site / "dev-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return venv / "bin"


def run_installed(bindir: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA4_") and k != "PYTHONPATH"}
    return subprocess.run(
        [str(bindir / "llama4-bot"), *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_installed_wheel_answers_from_another_directory(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import bot.config as c; print(c.__file__); print(c.DEFAULT_KNOWLEDGE_DIR)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(installed.parent) in line for line in where)  # the wheel's code and data, not the checkout's
    done = run_installed(installed, tmp_path, "ask", "what is scout's context window?")
    assert done.returncode == 0, done.stderr
    assert "10 million" in done.stdout and "Sources" in done.stdout


def test_llama4_knowledge_dir_still_overrides_the_packaged_knowledge(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "my-knowledge"
    done = run_installed(
        installed, tmp_path, "ask", "what is scout's context window?", LLAMA4_KNOWLEDGE_DIR=str(elsewhere)
    )
    assert done.returncode != 0 and str(elsewhere) in done.stderr
