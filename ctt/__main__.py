"""Run ctt as `python -m ctt`."""

from ctt.cli import main

main()
