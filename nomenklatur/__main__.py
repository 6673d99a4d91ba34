"""`python -m nomenklatur` runs the command line."""

from nomenklatur.cli import main

main(prog_name="nomenklatur")
