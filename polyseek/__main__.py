"""``python -m polyseek`` runs the ``polyseek`` command."""

from polyseek.searcher.cli import main

main(prog_name="polyseek")
