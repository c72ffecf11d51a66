"""``python -m roleatlas``: the same as the ``roleatlas`` command."""

from roleatlas.cli import main

main()
