"""Every module of the package shows how it is used with an example that runs.

The examples themselves run as tests through ``--doctest-modules`` (pyproject.toml); this file
checks that they exist and are not skipped, so a new module without one fails here. Modules are
found by walking the package, so nobody has to add a module to a list.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import referatgraf

PLAIN_MODULES = sorted(info.name for info in pkgutil.walk_packages(referatgraf.__path__, "referatgraf.")
                       if not info.ispkg)
# Modules whose only examples still need a running server or a big fixture (say why in each).
WITHOUT_EXAMPLE: dict[str, str] = {}


def _runnable_examples(name: str) -> int:
    finder = doctest.DocTestFinder()
    tests = finder.find(importlib.import_module(name))
    return sum(1 for t in tests for ex in t.examples if not ex.options.get(doctest.SKIP))


@pytest.mark.parametrize("name", PLAIN_MODULES)
def test_module_has_a_runnable_example(name: str) -> None:
    if name in WITHOUT_EXAMPLE:
        pytest.xfail(WITHOUT_EXAMPLE[name])
    assert _runnable_examples(name) > 0, f"{name}: no docstring example that runs (add one, without +SKIP)"
