"""``python -m polyseek`` runs the ``polyseek`` command."""

from polyseek.command import run

run()
