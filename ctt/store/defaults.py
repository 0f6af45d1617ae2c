"""ctt's own catalogue, schemas, templates and workflows: the defaults that ship with it.

In a built wheel, schema/ and templates/ of ctt's repository are installed as the package
folders ctt/_schema and ctt/_templates (pyproject.toml maps them; git keeps one copy). In a
source checkout or an editable install those folders do not exist under ctt/, and the
checkout's own schema/ and templates/ beside the package are the defaults.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from ctt.errors import DataError

# Where ctt's source lives: reports repositories install ctt and link its schemas from here.
SOURCE_URL = "https://github.com/apec-ctwg/ctt"
RAW_URL = "https://raw.githubusercontent.com/apec-ctwg/ctt"

# The package folder each default lives in, and its folder in ctt's source checkout.
_FOLDERS = {"_schema": "schema", "_templates": "templates", "workflows": "ctt/workflows"}


@cache
def _folder(name: str) -> Path:
    package = files("ctt")
    if not isinstance(package, Path):  # a zip import: Jinja and the cache want real files
        raise DataError(f"ctt is installed as {package}: install it as files to use it")
    installed = package / name
    if installed.is_dir():
        return installed
    checkout = package.parent / _FOLDERS[name]
    if checkout.is_dir():
        return checkout
    raise DataError(f"ctt is incomplete: neither {installed} nor {checkout} exists; reinstall it")


def schema_dir() -> Path:
    """The folder of the default catalogue and JSON Schemas."""
    return _folder("_schema")


def templates_dir() -> Path:
    """The folder of the default Jinja2 templates."""
    return _folder("_templates")


def workflows_dir() -> Path:
    """The folder of the GitHub workflows `ctt init` gives a reports repository."""
    return _folder("workflows")
