"""A record of catalogue files found to match the catalogue's JSON Schema, so that an
unchanged catalogue is not compiled and checked again on every run.

It is kept in ctt's cache folder, outside any repository: one keyed hash (HMAC, with the
machine's cache secret) per file checked, of ctt's code, the schema and the file's bytes.
A record that arrives from elsewhere never matches; one that cannot be read or written is
simply not used: the files are then checked, as without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os

from ctt.store.cachedir import cache_base, code_digest, machine_secret
from ctt.store.fsutil import atomic_write, read_regular

RECORD_FILE = "catalogue-checked"
MAX_RECORD_BYTES = 1024 * 1024  # far beyond 2 * MAX_TOKENS lines
MAX_TOKENS = 64  # kept on a rewrite: a few catalogues (ctt's, repositories') in versions


class CheckedRecord:
    """The tokens of catalogue files found valid: a keyed hash of a part's bytes each."""

    def __init__(self, schema: bytes, enabled: bool = True) -> None:
        """`schema`: the bytes of the effective catalogue schema, which the parts match;
        not `enabled` (`--no-cache`): nothing is read or recorded, every part is checked."""
        self.schema = schema
        self.secret = machine_secret() if enabled else None
        self.path = cache_base() / RECORD_FILE
        self.tokens: list[str] = []
        self.new: list[str] = []  # tokens found valid in this run
        if self.secret is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                self.tokens = read_regular(self.path, MAX_RECORD_BYTES).decode("ascii").split()

    def token(self, part: str, raw: bytes) -> str:
        """The token of one part's file bytes; never a recorded one without a secret."""
        if self.secret is None:
            return ""
        digest = hashlib.sha256(code_digest() + part.encode() + b"\0" + self.schema)
        return hmac.new(self.secret, digest.digest() + raw, hashlib.sha256).hexdigest()

    def __contains__(self, token: str) -> bool:
        return bool(token) and token in self.tokens

    def add(self, token: str) -> None:
        """Record a part found valid."""
        if token and token not in self.tokens and token not in self.new:
            self.new.append(token)

    def save(self) -> None:
        """Append the parts found valid to the record (a torn line matches nothing); rewrite
        it with the latest tokens only when it has grown long. Silently skip when it cannot
        be written."""
        if not self.new:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if len(self.tokens) + len(self.new) > 2 * MAX_TOKENS:
                kept = [*self.tokens, *self.new][-MAX_TOKENS:]
                atomic_write(self.path, "\n".join(kept).encode("ascii") + b"\n")
                return
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
            with os.fdopen(os.open(self.path, flags, 0o600), "ab") as handle:
                handle.write("".join(f"{token}\n" for token in self.new).encode("ascii"))
