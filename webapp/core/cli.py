"""Command-line tools: `flask --app wsgi translate ...`, `backup`/`restore`, and the region/account commands."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

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


@click.command("backup")
@click.argument("path", type=click.Path())  # a str: a trailing "/" means a directory
@click.option("--portable", is_flag=True,
              help="Write the database as JSON rows even where pg_dump would do; such an archive can also be "
                   "restored into the other kind of database (SQLite <-> PostgreSQL).")
@click.option("--keep", type=click.IntRange(min=1),
              help="With PATH a directory: keep only this many dated archives there (the oldest go).")
@with_appcontext
def backup_command(path: str, portable: bool, keep: int | None):
    """Write one archive (.tar.gz) with the database and the uploads to PATH.

    PATH is a file name, or a directory (existing, or ending in "/") in which a dated name
    (serambi-backup-YYYYMMDD-HHMMSS.tar.gz) is chosen. The app may keep running: the database is read as
    one consistent snapshot.
    """
    from . import backup

    try:
        result = backup.make_backup(path, portable=portable, keep=keep)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    manifest = result.manifest
    rows = sum(manifest["tables"].values())
    uploads = manifest["uploads"]
    click.echo(f"Backup written to {result.path} ({_size(result.size)}).")
    click.echo(f"  database: {manifest['database']['kind']} at {', '.join(manifest['revisions']) or '(no revision)'}, "
               f"{len(manifest['tables'])} tables, {rows} rows")
    click.echo(f"  dumped with {result.note}")
    click.echo(f"  uploads:  {uploads['files']} files, {_size(uploads['bytes'])}")
    for old in result.removed:
        click.echo(f"  removed the older archive {old}")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore_command(path: Path, force: bool):
    """Bring back the database and the uploads from an archive made by `backup`.

    A database with data in it is replaced only with --force. Stop the app first; start it again after.
    """
    from . import backup

    try:
        result = backup.restore_backup(path, force=force)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    manifest = result.manifest
    click.echo(f"Restored {path} (made {manifest['created_at']}): {len(manifest['tables'])} tables, "
               f"{sum(manifest['tables'].values())} rows, {result.files} uploaded files.")
    click.echo(f"  database loaded with {result.method}")
    for note in result.notes:
        click.echo(f"  {note}")


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def init_app(app: Flask) -> None:
    from .commands import COMMANDS

    app.cli.add_command(translate)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    for command in COMMANDS:
        app.cli.add_command(command)
