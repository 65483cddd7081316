"""The CLI's commands, one module each, imported by :mod:`ala_policy.cli` when a command is
run (its registry maps each command name to ``"module:attribute"``). What they share is in
:mod:`ala_policy.commands.options`; no command imports :mod:`ala_policy.cli`."""
