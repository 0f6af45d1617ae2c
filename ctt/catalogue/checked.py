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

from ctt.store.cachedir import cache_base, code_digest, machine_secret
from ctt.store.fsutil import atomic_write

RECORD_FILE = "catalogue-checked"
MAX_TOKENS = 64  # a few catalogues (ctt's own and repositories' own) in a few versions


class CheckedRecord:
    """The tokens of catalogue files found valid: a keyed hash of a part's bytes each."""

    def __init__(self, schema: bytes) -> None:
        """`schema`: the bytes of the effective catalogue schema, which the parts match."""
        self.schema = schema
        self.secret = machine_secret()
        self.path = cache_base() / RECORD_FILE
        self.tokens: list[str] = []
        self.added = False
        if self.secret is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                self.tokens = self.path.read_bytes().decode("ascii").split()

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
        if token and token not in self.tokens:
            self.tokens = [*self.tokens, token][-MAX_TOKENS:]
            self.added = True

    def save(self) -> None:
        """Write the record when it changed (atomically); silently skip when it cannot be."""
        if self.added:
            with contextlib.suppress(OSError):
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                atomic_write(self.path, "\n".join(self.tokens).encode("ascii") + b"\n")
