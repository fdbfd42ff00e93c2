"""The root of referatgraf's exceptions: one ``except ReferatgrafError`` catches every failure
the tool reports on purpose (bad input, a store that fails, a portal that fails, a resource that
does not exist), while programming errors stay ordinary Python exceptions.

Each stage defines its own branch below this root, as httpx does under ``httpx.HTTPError``:
``parse.errors.ParseError`` (bad input: names the file and line), ``store.base.StoreError``,
``ingest.harvest.HarvestError``, ``read.errors.ReadError``; the web app maps them to HTTP
statuses in one place (``web/errors.py``).

>>> from referatgraf.parse.errors import ParseError
>>> issubclass(ParseError, ReferatgrafError)
True
"""

from __future__ import annotations


class ReferatgrafError(Exception):
    """A failure referatgraf reports to its user, with a message that says what and where."""
