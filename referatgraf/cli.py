"""The ``referatgraf`` command: a thin shell over the library.

Every command builds one :class:`~referatgraf.settings.Settings` from its options (and
``REFERATGRAF_*`` environment variables), calls the library, and prints. Bad input ends with a
one-line message naming the file (and line), exit status 1, and never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from referatgraf.settings import Settings

app = typer.Typer(
    name="referatgraf",
    help="Turn municipal meeting minutes (referater) into a linked-data knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by commands (one definition each) -------------------------------------------
StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Embedded store directory [env: REFERATGRAF_STORE; default: ./referatgraf-store].", show_default=False)]
EndpointOpt = Annotated[Optional[str], typer.Option("--endpoint", help="SPARQL 1.1 endpoint of a remote store instead of the embedded one [env: REFERATGRAF_ENDPOINT].", show_default=False)]
BaseIriOpt = Annotated[Optional[str], typer.Option("--base-iri", help="Base of every minted IRI [env: REFERATGRAF_BASE_IRI].", show_default=False)]
MunicipalityOpt = Annotated[Optional[str], typer.Option("--municipality", "-m", help="Municipality the documents belong to (part of every IRI) [env: REFERATGRAF_MUNICIPALITY].", show_default=False)]


def make_settings(**overrides: object) -> Settings:
    """Settings from the environment, with the options the user gave (None = not given)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"referatgraf: {message}", err=True)
    return typer.Exit(code)


def friendly_errors(func: Callable) -> Callable:
    """Turn the library's expected errors into a message and exit status 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        from referatgraf.graph.store import StoreError
        from referatgraf.parse.errors import ParseError

        try:
            return func(*args, **kwargs)
        except (ParseError, StoreError) as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)] = False,
) -> None:
    """Turn municipal meeting minutes (referater) into a linked-data knowledge graph.

    Typical use: ``referatgraf ingest minutes/ -m Albertslund`` then ``referatgraf serve``.
    """
    if version:
        from referatgraf import __version__

        typer.echo(f"referatgraf {__version__}")
        raise typer.Exit(0)


# -- commands -------------------------------------------------------------------------------------
# Each command's body calls one library function; keep them short.


@app.command("parse")
@friendly_errors
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Minutes as .txt, .md or .pdf.", show_default=False)],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (a list when several).")] = False,
    municipality: MunicipalityOpt = None,
) -> None:
    """Parse minutes and show what was found (items, cases, decisions) and the parse report."""
    raise fail("parse: not implemented yet")


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
