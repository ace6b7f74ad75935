"""Alembic environment: run on the connection the app hands over, or on a URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config
connection = config.attributes.get("connection")
# Only the revision generator passes metadata; revisions never import the models.
target_metadata = config.attributes.get("target_metadata")

if connection is not None:
    context.configure(
        connection=connection, render_as_batch=True, target_metadata=target_metadata
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    url = config.get_main_option("sqlalchemy.url")
    engine = config.attributes.get("engine") or create_engine(url)
    with engine.begin() as conn:
        context.configure(
            connection=conn, render_as_batch=True, target_metadata=target_metadata
        )
        with context.begin_transaction():
            context.run_migrations()
