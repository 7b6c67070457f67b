"""``python -m graph`` is ``kjus``."""
from .cli import main

main(prog_name="kjus")
