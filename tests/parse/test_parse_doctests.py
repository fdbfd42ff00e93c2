"""The examples in the package's docstrings run (they are part of its documentation).

Every module of ``referatgraf`` is found by walking the package, so a new module's examples run
without anyone adding it to a list.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import referatgraf

_FOUND = list(pkgutil.walk_packages(referatgraf.__path__, "referatgraf."))
MODULES = sorted(info.name for info in _FOUND)
PLAIN_MODULES = sorted(info.name for info in _FOUND if not info.ispkg)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_readers_document_themselves() -> None:
    """Every parse module (the readers and their shared rules) carries at least one example."""
    bare = [name for name in PLAIN_MODULES if name.startswith("referatgraf.parse.")
            and doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS).attempted == 0]
    assert not bare, f"parse modules without a docstring example: {bare}"
