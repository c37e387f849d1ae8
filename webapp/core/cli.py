"""Command-line tools: `flask --app wsgi translate ...` and the region/account commands."""
from __future__ import annotations

import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from ..config import ROOT

translate = AppGroup("translate", help="Extract, update and compile the translation catalogues.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command("extract")
def extract():
    """Collect every translatable string into messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
             "--sort-output", "-o", "messages.pot", ".")


SOURCE_LANGUAGE = "en"


@translate.command("update")
def update():
    """Extract, then merge new strings into every catalogue under translations/.

    English is the language the strings are written in, so its catalogue is filled from them; every
    other catalogue needs a translator (a test fails while any entry is missing).
    """
    extract.callback()
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")
    fill_source_catalogue(ROOT / "translations" / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po")


def fill_source_catalogue(po_path) -> int:
    """Copy each untranslated source string into its own translation; returns how many were filled."""
    from babel.messages.pofile import read_po, write_po

    if not po_path.exists():
        return 0
    with po_path.open("rb") as f:
        catalog = read_po(f)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id[min(i, 1)] for i in range(catalog.num_plurals))
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    return filled


@translate.command("compile")
def compile_():
    """Compile the catalogues (.po -> .mo) so the app can use them."""
    _pybabel("compile", "-d", "translations", "--statistics")


@translate.command("init")
@click.argument("language")
def init(language: str):
    """Start a catalogue for a new LANGUAGE code (e.g. jv, su)."""
    extract.callback()
    _pybabel("init", "-i", "messages.pot", "-d", "translations", "-l", language)


def init_app(app: Flask) -> None:
    from .commands import COMMANDS

    app.cli.add_command(translate)
    for command in COMMANDS:
        app.cli.add_command(command)
