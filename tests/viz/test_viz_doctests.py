"""Every module of the graph pages and of their reads shows itself with an example that runs
(tests/parse/test_parse_doctests.py runs them all; this says none may be without one)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import referatgraf.viz

MODULES = sorted(info.name for info in pkgutil.iter_modules(referatgraf.viz.__path__, "referatgraf.viz.")
                 if not info.ispkg) + ["referatgraf.read.projection", "referatgraf.read.projection_example"]


@pytest.mark.parametrize("name", MODULES)
def test_module_has_a_running_example(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring example"
    assert result.failed == 0
