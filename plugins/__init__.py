"""The built-in plugins of ala-policy.

Each is an ordinary plugin module, listed under the ``ala_policy`` entry-point group like any
third-party plugin, so it can be listed, blocked (``--disable-plugin NAME``) and replaced.
To build an engine with an explicit plugin list, see :mod:`ala_policy.testing`'s
``builtin_plugins()`` and ``make_engine``.
"""
