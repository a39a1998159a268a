"""``python -m coopmap.cli``: the ``coopmap`` command."""

from coopmap.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
