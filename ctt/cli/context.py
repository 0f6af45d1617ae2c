"""What every command is given: the repository, found once from --root or the working directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ctt.catalogue.catalogue import Catalogue
    from ctt.store.repo import Repository


class Context:
    """What every command needs: where the repository is."""

    def __init__(self, root: Path | None, debug: bool) -> None:
        self.root = root
        self.debug = debug

    def repository(self) -> Repository:
        """The repository (found from the working directory unless --root was given)."""
        from ctt.store.repo import open_repository

        return open_repository(self.root, Path.cwd())

    def open(self, use_cache: bool = True) -> tuple[Repository, Catalogue]:
        """The repository and its catalogue (checked afresh when not `use_cache`)."""
        from ctt.catalogue.catalogue import load_catalogue

        repo = self.repository()
        return repo, load_catalogue(repo, use_record=use_cache)


pass_context = click.make_pass_decorator(Context)
