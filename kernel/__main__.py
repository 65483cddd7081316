"""``python -m ala_policy``: the same as the ``ala-policy`` command."""

from .cli import main

if __name__ == "__main__":  # pragma: no branch
    main(prog_name="ala-policy")
