"""Why a file cannot be read as YAML: its encoding, or its syntax explained with the fix."""

from __future__ import annotations

import yaml

from ctt.store.yamldoc import MAX_DEPTH, MAX_FILE_BYTES, YamlError


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is allowed), or raise YamlError."""
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, far beyond any report "
            "file: not read"
        )
        raise YamlError("file-too-large", message)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise YamlError("encoding", "file is encoded as UTF-32; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise YamlError("encoding", "file is encoded as UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        raise YamlError("encoding", "file holds NUL bytes: not a text file", line, column)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise YamlError(
            "encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
        ) from None
    return text.removeprefix("\ufeff")


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: nearly every other byte is zero (text in Latin script)."""
    sample = raw[:1024]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2], sample[1::2]
    for zeros, other in ((odd, even), (even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return True
    return False


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters, as YAML errors count) of a byte offset."""
    start = raw.rfind(b"\n", 0, index) + 1
    column = len(raw[start:index].decode("utf-8", errors="replace").removeprefix("\ufeff"))
    return raw.count(b"\n", 0, index) + 1, column + 1


# libyaml's wording of the mistakes people make most, with what to do about them.
_CHECK_LINES = "check the indentation and quotes of this line and the ones above"
_HINTS = {
    "mapping values are not allowed in this context": "put text that contains ': ' in quotes",
    "did not find expected key": _CHECK_LINES,
    "did not find expected '-' indicator": _CHECK_LINES,
    "found character that cannot start any token": (
        "put text that starts with a special character in quotes"
    ),
}


def syntax_error(exc: yaml.YAMLError, text: str) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text)
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = (
            "invalid YAML: a tab where YAML expects spaces (it indents with spaces only): "
            "replace the tab with spaces"
        )
        return YamlError("yaml-syntax", message, line, column)
    if problem.startswith("exceeded maximum nesting depth"):  # libyaml stops at 1000 levels
        return YamlError("yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", line, column)
    if problem == "but found another document":
        message = "invalid YAML: a second document ('---') in one file; a file holds one document"
        return YamlError("yaml-syntax", message, line, column)
    from ctt.store.slips import explain_syntax  # only for a file that fails

    explained = explain_syntax(problem, text, line, column)
    if explained is not None:
        rule, message, line, column = explained
        prefix = "invalid YAML: " if rule == "yaml-syntax" else ""
        return YamlError(rule, prefix + message, line, column)
    if problem in _HINTS:
        problem = f"{problem}; {_HINTS[problem]}"
    if context and context_mark is not None and context_mark.line + 1 != line:
        if problem == "found unexpected end of stream":
            # The file ended inside an unclosed quote or bracket: point at where it opened.
            line, column = context_mark.line + 1, context_mark.column + 1
            problem = f"{problem} ({context} that starts here: is a quote or bracket not closed?)"
        else:
            start = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
            problem = f"{problem} ({context} that starts at {start})"
    elif context:
        problem = f"{problem} ({context})"
    return YamlError("yaml-syntax", f"invalid YAML: {problem}", line, column)


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    """A character YAML does not allow in a file (a control character): where it is."""
    from ctt.store import hidden

    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    index = max(text.find(char), 0)
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    message = f"{hidden.message(char)} (YAML does not allow it in a file)"
    return YamlError(hidden.RULE, message, line, column)
