"""Check a loaded file against its JSON Schema, as problems with lines and columns."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctt.problems import Problem
from ctt.store import slips
from ctt.store.yamlfile import DataPath, YamlDocument

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA_FILES = {"report": "report.schema.json", "section": "section.schema.json"}
_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def type_name(value: Any) -> str:
    """How a YAML user would call the type of a value."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


# A call of one generated check from another, as a statement: `validate_x(data_y,
# custom_formats, <the name of data_y>)`.
_NAMED_CALL = re.compile(r"^(\s*validate_\w+\(\w+, custom_formats, ).*\)$", re.M)


def compile_fast(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A compiled yes/no check of a schema (fastjsonschema: generated Python, no recursion
    through a generic validator); the reference validator explains what is wrong."""
    import fastjsonschema

    # Our schemas use only keywords draft 7 knows ($defs are plain JSON-pointer targets).
    fast = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    if "item" in schema.get("$defs", {}):
        # The same rule for an item without if/then: the generated code raises (costly) on
        # every failed `if`, i.e. on every plain-string item; anyOf tries the string first.
        item = {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "object", "required": ["text"], "$ref": "#/$defs/detailedItem"},
                {"type": "object", "not": {"required": ["text"]}, "$ref": "#/$defs/group"},
            ]
        }
        fast["$defs"] = {**schema["$defs"], "item": item}
    # The generated code builds each value's name ("data.items[3]", with a format of its
    # locals()) only for the message of an exception a yes/no check never reads: calls pass
    # no name instead, which halves the time of a check.
    code = _NAMED_CALL.sub(
        r"\1None)", fastjsonschema.compile_to_code(fast, detailed_exceptions=False)
    )
    namespace: dict[str, Any] = {}
    exec(compile(code, "<fastjsonschema>", "exec"), namespace)  # generated from our schema
    compiled = namespace["validate"]

    def valid(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


_COMPILED: dict[str, Callable[[Any], bool]] = {}


def compiled(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """compile_fast, once per distinct schema in a process (diff and render load many reports)."""
    key = json.dumps(schema, sort_keys=True)
    if key not in _COMPILED:
        _COMPILED[key] = compile_fast(schema)
    return _COMPILED[key]


class SchemaChecker:
    """The JSON Schemas of report and section files, compiled once, on first use."""

    def __init__(self, schema_file: Callable[[str], Path], answer_keys: tuple[str, ...]) -> None:
        """`schema_file` gives the effective file of a name (Repository.schema_file)."""
        self.schemas = {
            kind: json.loads(schema_file(name).read_text(encoding="utf-8"))
            for kind, name in SCHEMA_FILES.items()
        }
        self.answer_keys = set(answer_keys)
        self._fast: dict[str, Callable[[Any], bool]] = {}
        self._reference: dict[str, Any] = {}

    def is_valid(self, data: Any, kind: str) -> bool:
        """Whether data matches the schema (the fast check)."""
        if kind not in self._fast:
            self._fast[kind] = compiled(self.schemas[kind])
        return self._fast[kind](data)

    def prepare(self) -> None:
        """Compile every kind's fast check now (before worker processes are forked)."""
        for kind in self.schemas:
            if kind not in self._fast:
                self._fast[kind] = compiled(self.schemas[kind])

    def reference(self, kind: str) -> Any:
        """The jsonschema validator of a kind, which explains every error."""
        if kind not in self._reference:
            import jsonschema

            self._reference[kind] = jsonschema.Draft202012Validator(self.schemas[kind])
        return self._reference[kind]

    def check(self, doc: YamlDocument, kind: str, shown: str) -> list[Problem]:
        """Every schema problem of a file of the given kind ('report' or 'section')."""
        if self.is_valid(doc.data, kind):
            return []
        problems = []
        colons = slips.unquoted_colons(doc, frozenset(self.answer_keys))
        for item_path, message in colons:
            mark = doc.mark(item_path)
            problems.append(
                Problem(shown, mark.line, mark.column, "error", message, "unquoted-colon")
            )
        explained = [item_path for item_path, _ in colons]
        errors = list(self.reference(kind).iter_errors(doc.data))
        # A key of the file indented under an item is named there, not also as missing.
        misplaced = {
            key
            for error in errors
            if error.validator == "additionalProperties" and error.absolute_path
            for key in error.instance
            if key in slips.TOP_KEYS
        }
        for error in errors:
            where = tuple(error.absolute_path)
            if any(where[: len(p)] == p for p in explained):
                continue
            if error.validator == "required" and _missing(error) in misplaced:
                continue
            problems.extend(self._problems(error, doc, shown))
        return sorted(set(problems))

    def _problems(self, error: ValidationError, doc: YamlDocument, shown: str) -> list[Problem]:
        path: DataPath = tuple(error.absolute_path)
        where = _describe(path)

        def at(data_path: DataPath, message: str, rule: str, key: bool = False) -> Problem:
            mark = doc.key_mark(data_path) if key else doc.mark(data_path)
            return Problem(shown, mark.line, mark.column, "error", message, rule)

        kind = error.validator
        # Typed as possibly unset by types-jsonschema; always set on errors from iter_errors.
        schema: Any = error.schema
        value: Any = error.validator_value
        if kind == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(schema.get("properties", {}))
            return [
                at((*path, extra), _unknown_key(extra, path, where, allowed), "unknown-key", True)
                for extra in error.instance
                if extra not in allowed
            ]
        if kind == "required":
            missing = _missing(error)
            if missing in self.answer_keys:
                message = (
                    f"question {missing!r} is not answered: the key is missing "
                    "(write [] if there is nothing to report)"
                )
                return [at(path, message, "missing-answer")]
            return [at(path, f"missing key {missing!r}{where}", "missing-key")]
        if kind == "type":
            names = [value] if isinstance(value, str) else list(value)
            names = [n for n in names if n != "null"] or names  # null is the rare choice
            wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
            got = type_name(error.instance)
            if names == ["array"]:
                got += slips.dash_hint(error.instance)
            if names == ["integer"] and isinstance(error.instance, str):
                # 2020.0, 0x7E4, 2_020 are kept as the text written: say what was written.
                got += f" ({error.instance[:40]!r}: write digits only)"
            return [at(path, f"expected {wanted}{where}, got {got}", "schema")]
        if kind == "anyOf" and value == [
            {"required": ["heading"]},
            {"required": ["commitment"]},
        ]:
            message = f"a group needs a 'heading' or a 'commitment'{where}"
            return [at(path, message, "schema")]
        if kind == "minLength" and error.instance == "":
            return [at(path, f"empty text{where}", "schema")]
        if kind == "enum":
            options = ", ".join(map(str, value))
            return [at(path, f"{error.instance!r} is not one of {options}{where}", "schema")]
        if kind == "pattern":
            return [at(path, f"{error.instance!r} is not in the expected form{where}", "schema")]
        return [at(path, f"{error.message}{where}", "schema")]


def _unknown_key(extra: Any, path: DataPath, where: str, allowed: list[str]) -> str:
    """What a problem line says about a key the schema does not allow."""
    hint = difflib.get_close_matches(str(extra), allowed, n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    if path and extra in slips.TOP_KEYS and extra not in slips.ITEM_KEYS:
        suggestion = (
            f": '{extra}:' is a key of the file, indented under a list item by "
            "mistake: move it to column 1"
        )
    return f"unknown key {extra!r}{where}{suggestion} (allowed: {', '.join(allowed)})"


def _describe(path: DataPath) -> str:
    if not path:
        return ""
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return " in " + "".join(parts).lstrip(".")


def _missing(error: ValidationError) -> str:
    """The key a `required` error says is missing."""
    return str(error.message).split("'")[1] if "'" in error.message else "?"
