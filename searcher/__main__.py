"""``python -m searcher`` runs the ``polyseek`` command."""

from searcher.cli import main

main(prog_name="polyseek")
