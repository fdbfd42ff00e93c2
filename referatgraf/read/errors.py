"""What a read can fail with, said in the reader's words; the web app maps them to HTTP statuses.

The read core knows nothing of HTTP: it raises :class:`NotFound` when there is nothing to read
and :class:`BadId` when a value handed to it cannot name anything. ``web.errors`` turns them
into 404 and 400 (one place), the CLI into a message.

>>> issubclass(NotFound, ReadError) and issubclass(BadId, ReadError)
True
>>> str(NotFound("no meeting with id 'x'"))
"no meeting with id 'x'"
"""

from __future__ import annotations

from referatgraf.errors import ReferatgrafError


class ReadError(ReferatgrafError):
    """Something asked of the read core cannot be answered; the message is safe to show."""


class NotFound(ReadError):
    """Nothing is known under this id, IRI or number (an id of a shape we never mint included)."""


class BadId(ReadError):
    """A value that cannot name anything here (an unknown kind of actor, a malformed IRI)."""
