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


@translate.command("update")
def update():
    """Extract, then merge new strings into every catalogue under translations/."""
    extract.callback()
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")


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
