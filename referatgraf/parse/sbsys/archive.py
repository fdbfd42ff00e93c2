"""SBSYS eDagsorden's publication zip: one ``Publication<N>.xml`` and an ``Enclosures/`` folder.

The reader (:func:`referatgraf.parse.reader.read_bytes`) hands any zip here. The archive's
publication XML becomes the :class:`ArchiveSource` lines (so line numbers are lines of that XML),
and the names of the archive's files are kept, so the layout can tell whether each attachment the
XML lists is really in ``Enclosures/``. Provenance stays the zip's: its name and sha256.

Refused, naming the archive: a broken zip, one without a ``Publication<N>.xml`` (a ``.docx`` is
a zip too), one with several, an encrypted entry, and an entry that unpacks to more than
:data:`MAX_XML_BYTES` (a zip bomb).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("Publication7.xml", "<Publication/>")
...     z.writestr("Enclosures/1.pdf", b"%PDF-")
>>> src = archive_source(buf.getvalue(), "møde.zip", "0" * 64)
>>> src.media_type, src.entry, src.lines, src.members
('application/zip', 'Publication7.xml', ['<Publication/>'], ('Publication7.xml', 'Enclosures/1.pdf'))
>>> src.has_member("Enclosures\\\\1.pdf"), src.has_member("Enclosures/2.pdf")
(True, False)
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

from referatgraf.parse.errors import ParseError
from referatgraf.parse.source import SourceText, decode_text

ZIP_MAGIC = b"PK\x03\x04"
MAX_XML_BYTES = 64 * 1024 * 1024
_PUBLICATION = re.compile(r"(?:^|/)Publication\d*\.xml$", re.IGNORECASE)


@dataclass
class ArchiveSource(SourceText):
    """The publication XML of a zip, with the archive's file names (``/``-separated)."""

    entry: str = ""
    members: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """The archive and its entry, for error messages: ``møde.zip/Publication7.xml``."""
        return f"{self.name}/{self.entry}"

    def has_member(self, relative: str) -> bool:
        """Whether a path the XML gives relative to itself (``Enclosures\\1.pdf``) is in the archive."""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.entry), relative.replace("\\", "/")))
        wanted = path.casefold()
        return any(m.casefold() == wanted for m in self.members)


def archive_source(data: bytes, name: str, sha256: str) -> ArchiveSource:
    """The :class:`ArchiveSource` of zip ``data`` named ``name``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = [info for info in archive.infolist() if not info.is_dir()]
            entry = _publication_entry(files, name)
            raw = _read_bounded(archive, entry, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        # ValueError: an offset in the directory that points before the file's start ("negative seek value")
        raise ParseError(f"broken zip archive: {exc}", file=name) from None
    members = tuple(info.filename.replace("\\", "/") for info in files)
    entry_name = entry.filename.replace("\\", "/")
    text, encoding = decode_text(raw, f"{name}/{entry_name}")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ArchiveSource(name, sha256, "application/zip", encoding, lines, entry=entry_name, members=members)


def _publication_entry(files: list[zipfile.ZipInfo], name: str) -> zipfile.ZipInfo:
    found = [info for info in files if _PUBLICATION.search(info.filename.replace("\\", "/"))]
    if not found:
        listed = ", ".join(info.filename for info in files[:5]) or "no files"
        raise ParseError("zip archive without a Publication<N>.xml: expected an SBSYS eDagsorden publication "
                         f"(Publication<N>.xml and Enclosures/); it holds {listed}", file=name)
    if len(found) > 1:
        raise ParseError(f"zip archive with {len(found)} publication files ("
                         f"{', '.join(info.filename for info in found[:5])}): expected one Publication<N>.xml",
                         file=name)
    if found[0].flag_bits & 0x1:
        raise ParseError(f"zip archive entry {found[0].filename} is encrypted; decrypt it first", file=name)
    return found[0]


def _read_bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bytes:
    """The entry's bytes, never more than :data:`MAX_XML_BYTES` (the header's size may lie)."""
    try:
        with archive.open(entry) as handle:
            raw = handle.read(MAX_XML_BYTES + 1)
    except (RuntimeError, NotImplementedError, zlib.error) as exc:
        raise ParseError(f"cannot unpack {entry.filename} from the zip archive: {exc}", file=name) from None
    if len(raw) > MAX_XML_BYTES:
        raise ParseError(f"{entry.filename} unpacks to more than {MAX_XML_BYTES // (1024 * 1024)} MB; "
                         "refused (not a meeting publication)", file=name)
    return raw
