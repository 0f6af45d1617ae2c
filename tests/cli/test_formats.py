"""Each --format offers exactly its registry's names: the cheap names and the registries agree."""

from __future__ import annotations

from collections.abc import Collection

import click
import pytest
from click.testing import CliRunner

from ctt.cli import cli
from ctt.output import catalogue, diff, problems, region, status, topics
from ctt.output.formats import (
    CATALOGUE_FORMATS,
    DIFF_FORMATS,
    DIFF_OTHER_FORMATS,
    PROBLEM_FORMATS,
    REGION_FORMATS,
    STATUS_FORMATS,
    TOPICS_FORMATS,
)
from ctt.render.formats import DOCUMENT_FORMATS
from ctt.render.render import FORMAT_BY_NAME, SECTION_FORMAT_BY_NAME, SUMMARY_FORMAT_BY_NAME

REGISTRIES: list[tuple[tuple[str, ...], Collection[str]]] = [
    (PROBLEM_FORMATS, problems.REPORTER_BY_NAME),
    (STATUS_FORMATS, status.FORMATTER_BY_NAME),
    (DIFF_FORMATS, diff.FORMATTER_BY_NAME),
    (REGION_FORMATS, region.NEEDS_FORMAT_BY_NAME),
    (REGION_FORMATS, region.COVERAGE_FORMAT_BY_NAME),
    (TOPICS_FORMATS, topics.TAGGED_FORMAT_BY_NAME),
    (TOPICS_FORMATS, topics.VOCABULARY_FORMAT_BY_NAME),
    (CATALOGUE_FORMATS, catalogue.FORMAT_BY_NAME),
    (DOCUMENT_FORMATS, FORMAT_BY_NAME),
    (DOCUMENT_FORMATS, SECTION_FORMAT_BY_NAME),
    (DOCUMENT_FORMATS, SUMMARY_FORMAT_BY_NAME),
]

COMMANDS = {
    "validate": PROBLEM_FORMATS,
    "status": STATUS_FORMATS,
    "diff": DIFF_FORMATS + DIFF_OTHER_FORMATS,
    "needs": REGION_FORMATS,
    "coverage": REGION_FORMATS,
    "topics": TOPICS_FORMATS,
    "catalogue": CATALOGUE_FORMATS,
    "render": DOCUMENT_FORMATS,
    "summary": DOCUMENT_FORMATS,
}


@pytest.mark.parametrize(("names", "registry"), REGISTRIES)
def test_names_are_the_registry(names: tuple[str, ...], registry: Collection[str]) -> None:
    assert tuple(registry) == names


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_format_choices_are_the_names(command: str) -> None:
    found = cli.get_command(click.Context(cli), command)
    assert found is not None
    option = next(p for p in found.params if "--format" in p.opts)
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == COMMANDS[command]


@pytest.mark.parametrize("command", ["status", "render"])
def test_help_lists_the_registry(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"[{'|'.join(COMMANDS[command])}]" in result.output
