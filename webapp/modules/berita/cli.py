"""`flask berita publish-due`: mark scheduled articles whose time has come as published, in every region.

Readers already see them at their time (`Article.public`); running this from cron (e.g. every few minutes)
keeps the stored status, the editors' lists and anything reading `status` alone in step.
"""
import click

from . import articles, bp


@bp.cli.command("publish-due")
def publish_due():
    """Publish every scheduled article whose time has come (all regions)."""
    count = articles.publish_due()
    click.echo(f"Published {count} scheduled article{'' if count == 1 else 's'}.")
