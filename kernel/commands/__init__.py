"""The CLI's commands beyond ``evaluate`` and ``plugins``, one module each, added to the
``ala-policy`` group by :mod:`ala_policy.cli`."""
