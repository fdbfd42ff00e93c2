"""The one error type of parsing: it names the file and, where it applies, the line."""

from __future__ import annotations

from referatgraf.errors import ReferatgrafError


class ParseError(ReferatgrafError):
    """Bad input: ``str(err)`` reads ``file:line: message`` (line omitted when unknown).

    >>> str(ParseError("no meeting header", file="a.txt", line=3))
    'a.txt:3: no meeting header'
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class UnrecognisedLayout(ParseError):
    """No registered layout could read the document; ``message`` quotes the lines it could not place."""
