"""Docs that cannot drift: every setting is in the README, CI runs the README's test command."""

import re

from kg.settings import Settings

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`KG_{name.upper()}`" in README, f"KG_{name.upper()} is missing from the README"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    main_job, tests = blocks[0], blocks[1]
    assert main_job.startswith("pip install -e . && kg ingest examples/")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == tests


def test_every_cli_command_is_in_the_readme() -> None:
    from kg.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"`kg {name}" in README, name
