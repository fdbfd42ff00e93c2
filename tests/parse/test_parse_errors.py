"""Every class of bad input ends with "file:line: message", exit status 1 and no traceback.

Cases are a table (one row per class of bad input); the documents are generated here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referatgraf.cli import app
from referatgraf.parse import parse_bytes, parse_file
from referatgraf.parse.errors import ParseError, UnrecognisedLayout

HEADER = "REFERAT Byrådet d. 02-03-2021\n\nMødested Salen\n\n"
ITEM = "Punkt 1: Budget\n\n21-000123\n\nBeslutning\n\nGodkendt.\n"

# name, bytes, expected line (None: no line applies), expected message (regex)
BAD_INPUTS = [
    ("empty.txt", b"", None, "empty file"),
    ("blank.md", b"  \n\n\t\n", None, "empty file"),
    ("nul.txt", (HEADER + ITEM).encode() + b"\x00\x00junk", 12, "binary file"),
    ("controls.txt", b"REFERAT\n\x01\x02\x03\x04", 2, "binary or undecodable"),
    ("bom.txt", b"\xef\xbb\xbf" + HEADER.encode() + b"\xff\xfe\n", 5, "invalid UTF-8"),
    ("bom16.txt", b"\xff\xfeR\x00\n\x00\x00\xd8", 2, "invalid UTF-16"),
    # UTF-8 with a few damaged bytes: read as cp1252 it would garble every æ, ø and å (issue 19)
    # nesting no export has: a walk that recursed would end in RecursionError (issue 19)
    ("deep.xml", b"<?xml version='1.0'?>" + b"<a>" * 50_000 + b"</a>" * 50_000, 1, "nested 50000 elements deep"),
    ("deep.json", b"[" * 50_000 + b"]" * 50_000, None, "nested too deeply"),
    ("damaged-utf8.txt", (HEADER + ITEM).encode() + b"Punkt 2: B\xe6\xf8\n", 12, "invalid UTF-8 .*otherwise"),
    # one Danish letter in UTF-8 is enough to tell damaged UTF-8 from cp1252
    ("one-letter.txt", "REFERAT Byrådet\n".encode() + b"Punkt 1: B\xe6\n", 2, r"byte 0xE6 at byte offset 27\).*otherwise"),
    # ASCII with stray high bytes: neither UTF-8 nor, by any evidence, cp1252
    ("stray.txt", (HEADER.replace("å", "aa").replace("ø", "oe") + ITEM).encode() + b"Punkt 2: \xff\xfe\x81\xfb\n", 12,
     r"byte 0xFF at byte offset \d+\); not UTF-8, and neither a declared charset"),
    ("noheader.txt", ITEM.encode(), 1, "no meeting header"),
    ("nodate.txt", ("REFERAT Byrådet\n\n" + ITEM).encode(), 1, "no date"),
    # a header over items in a form no layout knows: unrecognised, quoting the lines (issue 8)
    ("noitems.txt", (HEADER + "Ingen punkter på dagsordenen.\n").encode(), 1,
     r"unrecognised layout \(meeting header at line 1 but no agenda items"),
    ("numbered.txt", (HEADER + "1. Budget\n\nGodkendt.\n").encode(), 1, "unrecognised layout"),
    # "Punkt" headings none of which can start the agenda
    ("punkt0.txt", (HEADER + "Punkt 0: Budget\n\nGodkendt.\n").encode(), 1, "no agenda items"),
    ("prose.txt", "Kære alle,\n\nhermed et brev om ingenting.\n".encode(), 1, "^unrecognised layout; "),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", None, "unreadable PDF|no text layer"),
]


@pytest.mark.parametrize("name,data,line,message", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_library_error_names_file_and_line(name, data, line, message):
    with pytest.raises(ParseError) as err:
        parse_bytes(data, name)
    where = f"{name}:{line}: " if line else f"{name}: "
    assert str(err.value).startswith(where), str(err.value)
    assert re.search(message, err.value.message)
    assert err.value.line == line


def test_unrecognised_layout_quotes_the_first_lines():
    with pytest.raises(UnrecognisedLayout) as err:
        parse_bytes("Kære alle,\n\nhermed et brev.\n".encode(), "brev.txt")
    assert "1: Kære alle," in str(err.value) and "3: hermed et brev." in str(err.value)


@pytest.mark.parametrize("name,data,line,message", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_cli_exit_1_without_traceback(tmp_path, name, data, line, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # ended on purpose, not by an exception
    where = f"{path}:{line}: " if line else f"{path}: "
    assert result.stderr.startswith(f"referatgraf: {where}"), result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_missing_file_and_directory(tmp_path):
    for target, message in [(tmp_path / "nope.txt", "cannot read file"), (tmp_path, "cannot read file")]:
        result = CliRunner().invoke(app, ["parse", str(target)])
        assert result.exit_code == 1 and message in result.stderr and str(target) in result.stderr


# -- the encoding rule (parse.source): damaged UTF-8 refused, real cp1252 read ---------------

def test_seed_with_four_invalid_bytes_is_refused_at_the_first(tmp_path, seed_file):
    data = bytearray(seed_file.read_bytes())
    spots = [m.start() for m in re.finditer(rb"[\xc3][\xa5\xa6\xb8]", data)][5:9]  # four å/æ/ø
    for spot in spots:
        data[spot] = 0xFF  # the lead byte of each letter damaged: four invalid bytes
    with pytest.raises(ParseError) as err:
        parse_bytes(bytes(data), seed_file.name)
    assert err.value.line == data[: spots[0]].count(b"\n") + 1
    assert f"byte 0xFF at byte offset {spots[0]})" in err.value.message and "otherwise written in UTF-8" in err.value.message


def test_real_cp1252_still_reads(seed_file, seed_meetings):
    text = seed_file.read_text(encoding="utf-8").replace("\u2013", "-")
    meeting = parse_bytes(text.encode("cp1252", errors="replace"), seed_file.name)
    assert meeting.source.encoding == "cp1252"
    assert [i.title for i in meeting.items] == [i.title for i in seed_meetings[seed_file.name].items]


def test_declared_charset_is_evidence():
    doc = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<Moede><Udvalg>Byr\u00e9det</Udvalg>'
           "<Moededato>2024-01-02</Moededato><Punkter><Punkt><Titel>Caf\u00e9 ved havnen</Titel></Punkt></Punkter></Moede>\n")
    meeting = parse_bytes(doc.encode("latin-1"), "declared.xml")  # no Danish letter, but declared
    assert meeting.items[0].title == "Café ved havnen"


# -- documents that end in the middle of an item ------------------------------------------------

def _cut(path: Path, predicate) -> str:
    """The seed text up to (and including) the first line after which ``predicate`` says stop."""
    lines = path.read_text(encoding="utf-8").split("\n")
    stop = next(i for i, line in enumerate(lines) if predicate(i, line))
    return "\n".join(lines[: stop + 1])


TRUNCATIONS = {
    # cut in the middle of item 4's text: the contents list items the file no longer has
    "mid-item": lambda i, line: "Punkt 4:" in line,
    # cut right after a decision heading (markdown, 2014/2017) or a plain one
    "after-heading": lambda i, line: i > 60 and re.fullmatch(r"[#* ]*(Beslutning|BESLUTNING I .*)[* ]*", line),
}


@pytest.mark.parametrize("how", sorted(TRUNCATIONS))
def test_truncated_document_keeps_what_is_certain(tmp_path, seed_file, seed_meetings, how):
    text = _cut(seed_file, TRUNCATIONS[how])
    if how == "mid-item":
        text += "\n\n00.00.00-A00-1-20\n\nSagsfremstilling\n\nTeksten slutter midt i en sæt"
    path = tmp_path / "cut.txt"
    path.write_text(text, encoding="utf-8")
    meeting = parse_file(path)
    full = seed_meetings[seed_file.name]
    assert not meeting.report.complete
    warning = next(w for w in meeting.report.warnings if w.code == "incomplete")
    last = meeting.items[-1]
    assert warning.line == last.lines[1]
    for kept, original in zip(meeting.items[:-1], full.items):  # every item before the cut is whole
        assert (kept.title, kept.case_number, kept.attachments) == (original.title, original.case_number, original.attachments)

    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{warning.line}: document ends in the middle of item {last.number}" in result.stderr
    assert meeting.items[0].title in result.stdout  # what is certain is still shown
    assert "INCOMPLETE" in result.stdout and "Traceback" not in result.stderr


def test_several_files_one_bad(tmp_path, seed_files):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(app, ["parse", "--json", str(seed_files[0]), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: empty file" in result.stderr
    assert '"body": "Chefforum"' in result.stdout  # the good file is still printed


def test_installed_command_exit_status(tmp_path):
    """The real console script: exit status 1, one line on stderr, no traceback."""
    path = tmp_path / "noheader.txt"
    path.write_text(ITEM, encoding="utf-8")
    exe = Path(sys.executable).with_name("referatgraf")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "referatgraf.cli"]
    proc = subprocess.run([*cmd, "parse", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"referatgraf: {path}:1: no meeting header (expected 'REFERAT <body> d. DD-MM-YYYY' or 'DAGSORDEN ...')"
    assert "Traceback" not in proc.stderr


def test_a_few_stray_control_characters_in_long_text_are_repaired_with_a_warning(seed_file) -> None:
    """A byte an export left behind must not cost the whole document; many of them are binary data."""
    from referatgraf.parse import parse_bytes

    text = seed_file.read_bytes().decode("utf-8").replace("\n", "\n\x02", 1).encode("utf-8")
    meeting = parse_bytes(text, seed_file.name)
    codes = [w.code for w in meeting.report.warnings]
    assert "control-character" in codes and meeting.items
