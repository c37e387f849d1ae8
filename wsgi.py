"""WSGI entry point: `gunicorn wsgi:app`, Passenger and `flask --app wsgi` all read `app` here."""
from webapp import create_app

app = create_app()
