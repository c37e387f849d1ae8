"""Extension objects, created unbound and attached to the app in create_app with init_app."""
import click
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class LazyMigrate:
    """Flask-Migrate, loaded only when something asks for it (the `flask db` commands, the test set-up).

    Importing it brings Alembic, Mako and Pygments (about 12 MB of memory); a web worker never migrates,
    so it should not carry them. `init_app` leaves a stand-in in `app.extensions["migrate"]` that sets
    up the real extension the first time one of its attributes is read.
    """

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def init_app(self, app, db, directory: str) -> None:
        app.extensions["migrate"] = _MigrateOnFirstUse(self.kwargs, app, db, directory)
        app.cli.add_command(_DbCommands("db", help="Database migrations (Flask-Migrate)."))


class _MigrateOnFirstUse:
    def __init__(self, kwargs, app, db, directory):
        self._args = (kwargs, app, db, directory)

    def __getattr__(self, name):
        kwargs, app, db, directory = self._args
        from flask_migrate import Migrate

        Migrate(**kwargs).init_app(app, db, directory=directory)  # replaces this stand-in
        return getattr(app.extensions["migrate"], name)


class _DbCommands(click.Group):
    """`flask db …`: Flask-Migrate's command group, loaded when the command line reaches it."""

    def parse_args(self, ctx, args):
        from flask import current_app
        from flask_migrate.cli import db as commands

        current_app.extensions["migrate"].directory  # noqa: B018  (sets the extension up)
        self.params, self.callback, self.commands = commands.params, commands.callback, commands.commands
        return super().parse_args(ctx, args)


db = SQLAlchemy(model_class=Base)
migrate = LazyMigrate(render_as_batch=True, compare_type=True)
login = LoginManager()
babel = Babel()
csrf = CSRFProtect()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
