"""SHACL validation of the whole store (the union of its named graphs) with pyshacl.

The shapes are package data (ontology/shapes.ttl). The union graph is loaded into memory, so
this is a check for a corpus of thousands of meetings, not millions of triples.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> report = validate_store(store)
>>> report.conforms, len(report.violations)
(True, 0)
>>> store.close()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import SH

from referatgraf.store.base import Store
from referatgraf.ontology import load_shapes


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph against our shapes."""
    from pyshacl import validate

    conforms, results, _ = validate(data, shacl_graph=load_shapes(), inference="none",
                                    abort_on_first=False, allow_warnings=True)
    return ValidationReport(bool(conforms), sorted(_violations(results), key=str), len(data))


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of all named graphs of ``store``."""
    data = Graph().parse(data=store.dump("application/n-triples"), format="nt")
    return validate_graph(data)


def _violations(results: Graph) -> list[Violation]:
    out = []
    for result in results.subjects(SH.resultSeverity, None):
        path = results.value(result, SH.resultPath)
        out.append(Violation(
            focus=str(results.value(result, SH.focusNode)),
            path=str(path) if path is not None else None,
            message=str(results.value(result, SH.resultMessage) or "constraint violated"),
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return out
