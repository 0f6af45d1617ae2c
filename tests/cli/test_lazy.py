"""Commands are imported when used: `ctt --help` lists them from a table that matches them."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import click
import pytest

from ctt.cli import COMMANDS, cli

FAMILIES = ["ctt.cli.authoring", "ctt.cli.check", "ctt.cli.compare", "ctt.cli.documents"]
FAMILIES += ["ctt.cli.region"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_says_what_the_command_says(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    assert command.callback is not None
    assert command.callback.__module__ == COMMANDS[name].module
    listed = click.Command(name, help=COMMANDS[name].summary)
    for width in (30, 45, 60, 80, 200):
        assert listed.get_short_help_str(width) == command.get_short_help_str(width)


def test_every_command_of_the_families_is_in_the_table() -> None:
    assert {lazy.module for lazy in COMMANDS.values()} == set(FAMILIES)
    import ctt.cli

    # Every module of ctt.cli that defines a command is a family.
    for module in sorted(f"ctt.cli.{m.name}" for m in pkgutil.iter_modules(ctt.cli.__path__)):
        __import__(module)
        defines = any(isinstance(v, click.Command) for v in vars(sys.modules[module]).values())
        assert not defines or module in FAMILIES, module
    for module in FAMILIES:
        __import__(module)
        found = {
            value.name
            for value in vars(sys.modules[module]).values()
            if isinstance(value, click.Command)
        }
        assert found and found <= set(COMMANDS), module


def test_help_imports_no_command_module() -> None:
    code = "import sys; from ctt.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n"
    code += "    pass\nprint(' '.join(m for m in sys.modules if m.startswith('ctt.cli.')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.splitlines()[-1].split()
    assert "Commands:" in done.stdout
    assert not set(loaded) & set(FAMILIES), loaded
