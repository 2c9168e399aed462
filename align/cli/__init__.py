"""The ``align`` command line: a thin click layer over the library API."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import sys
import threading

import click

from align import __version__
from align.cli.commands import LazyGroup
from align.cli.output import set_quiet
from align.document import CONTROL_CHARACTERS
from align.errors import AlignError
from align.progress import set_enabled


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="align")
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bars.")
@click.option(
    "--max-input-mb",
    type=click.FloatRange(0.001),
    default=None,
    help="Largest input file read, in MB (default 20; also ALIGN_MAX_INPUT_MB).",
)
def cli(verbose: int, quiet: bool, max_input_mb: float | None) -> None:
    """Translate articles offline, align them sentence by sentence, export TMX corpora."""
    if max_input_mb is not None:
        os.environ["ALIGN_MAX_INPUT_MB"] = str(max_input_mb)
    # -v: align's own details; -vv: its debug lines; -vvv: other libraries' too.
    own = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    others = logging.ERROR if quiet else logging.DEBUG if verbose >= 3 else logging.WARNING
    logging.basicConfig(
        level=others, format="align: %(levelname)s: %(message)s", stream=sys.stderr, force=True
    )
    logging.getLogger("align").setLevel(min(own, others))
    # The HTML extractors log about the page being read ("discarding data", "empty HTML tree"); align
    # says itself what it found there, so their lines come only with -vvv.
    for name in _PAGE_READERS:
        logging.getLogger(name).setLevel(others if verbose >= 3 else logging.CRITICAL)
    set_enabled(not quiet)
    set_quiet(quiet)


_PAGE_READERS = ("trafilatura", "htmldate", "courlan", "justext")
_GLOBAL_FLAGS = {"-q", "--quiet", "-v", "--verbose"}
_GLOBAL_VALUED = {"--max-input-mb"}


def hoist_global_options(argv: list[str]) -> list[str]:
    """``argv`` with the global options that follow the sub-command (``align run x -q``) moved before
    it, where click reads them; nothing after ``--`` moves."""
    front: list[str] = []
    rest: list[str] = []
    k = 0
    while k < len(argv):
        arg = argv[k]
        if arg == "--":
            rest += argv[k:]
            break
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS or (arg.startswith("-v") and set(arg[1:]) == {"v"}):
            front.append(arg)
        elif name in _GLOBAL_VALUED:
            front.append(arg)
            if "=" not in arg and k + 1 < len(argv):
                k += 1
                front.append(argv[k])
        else:
            rest.append(arg)
        k += 1
    return front + rest


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that unfinished outputs are cleaned up as on Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _one_line(message: str) -> str:
    """An error message as one line: whitespace runs become one space, control characters (which
    could steer a terminal) become U+FFFD."""
    return CONTROL_CHARACTERS.sub("\ufffd", " ".join(message.split()))


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: every error becomes one line on stderr and an exit code."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(
            args=hoist_global_options(sys.argv[1:] if argv is None else argv),
            prog_name="align",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        return 0
    except click.Abort as exc:  # click's form of Ctrl-C (KeyboardInterrupt) and of EOF at a prompt
        if isinstance(exc.__cause__, Terminated):
            click.echo("align: terminated", err=True)
            return 143
        click.echo("align: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"align: error: {_one_line(exc.format_message())}", err=True)
        return 2
    except AlignError as exc:
        click.echo(f"align: error: {_one_line(str(exc))}", err=True)
        return exc.exit_code
    except Terminated:
        click.echo("align: terminated", err=True)
        return 143
    except KeyboardInterrupt:
        click.echo("align: interrupted", err=True)
        return 130
    except sqlite3.Error as exc:  # a corpus database failing mid-way (disk I/O error, full disk)
        click.echo(f"align: error: corpus database: {exc}", err=True)
        return 1
    except OSError as exc:
        click.echo(f"align: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        # A path that names a folder, a missing folder or a forbidden place is the input's fault.
        faulty = (IsADirectoryError, NotADirectoryError, FileExistsError, PermissionError, FileNotFoundError)
        return 2 if isinstance(exc, faulty) else 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
