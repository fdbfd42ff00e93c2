"""The reader table is explicit and complete: every reader module is in it, every line of it
registers its reader, and every reader sniffs only what is its own."""

from __future__ import annotations

import pkgutil

from referatgraf.parse import layouts


def test_every_reader_module_has_its_line_in_the_table() -> None:
    modules = {info.name for info in pkgutil.iter_modules(layouts.__path__)}
    assert modules == set(layouts.READERS.values())


def test_every_table_line_registers_its_reader() -> None:
    assert set(layouts.names()) == set(layouts.READERS)
    assert all(layouts.get(name).name == name for name in layouts.READERS)
