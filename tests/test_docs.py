"""Docs are tested: every command has help and is named in the README; .ci/run runs exactly
the README's test command."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # not group.commands: the CLI loads some commands lazily
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    command = dict(COMMANDS)[path]
    assert command.help and len(command.help.strip()) > 20


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"scrutiny {' '.join(path)}" in README


def test_ci_runs_the_readme_test_command():
    block = re.search(r"# 2\. install and run the tests\n(.+)\n", README)
    assert block, "the README's quick start names the test command"
    command = block.group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_every_record_type_has_a_schema_and_a_test():
    import extractors

    for name in extractors.REGISTRY:
        assert (ROOT / "schemas" / f"{name}.json").exists(), name
        assert (ROOT / "tests" / f"test_{name}.py").exists(), name


def test_the_help_lists_lazily_loaded_commands_with_their_own_help():
    ctx = click.Context(cli)
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    loaded = click.Group(name=cli.name, help=cli.help, params=cli.params, commands=commands)
    assert CliRunner().invoke(cli, ["--help"]).output == CliRunner().invoke(loaded, ["--help"]).output
