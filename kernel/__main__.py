"""``python -m ala_policy``: the same as the ``ala-policy`` command."""

from .cli import run

if __name__ == "__main__":  # pragma: no branch
    run()
